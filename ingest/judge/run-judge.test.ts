import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics, costQuery } from "@/lib/cost/cost-metrics";
import { traceScores } from "@/lib/scores/trace-scores";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { waitApplied } from "@/lib/testing/wait-applied";
import { getJudgeSettings, judgeSettingsInput, putJudgeSettings } from "@/lib/judge/judge-settings";
import { JUDGE_FEATURE, parseVerdict, runJudge } from "./run-judge";

// A local OpenAI-compatible server: answers a verdict that depends on the answer it is shown,
// with usage, and records what it was asked.
const asked: Array<{ auth: string | undefined; body: { model: string; messages: Array<{ content: string }> } }> = [];
let mode: "ok" | "down" = "ok";
const server = http.createServer((req, res) => {
  let text = "";
  req.on("data", (c: Buffer) => (text += c.toString()));
  req.on("end", () => {
    if (req.url !== "/v1/chat/completions" || mode === "down") {
      res.writeHead(mode === "down" ? 503 : 404).end("unavailable");
      return;
    }
    const body = JSON.parse(text) as (typeof asked)[number]["body"];
    asked.push({ auth: req.headers.authorization, body });
    const good = body.messages[0]!.content.includes("Paris");
    const content = JSON.stringify({ score: good ? 0.9 : 0.1, reason: good ? "correct" : "wrong capital" });
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        model: "gpt-4o-mini-2024-07-18",
        choices: [{ message: { role: "assistant", content } }],
        usage: { prompt_tokens: 1000, completion_tokens: 200 },
      }),
    );
  });
});

let ctx: ProjectContext;
let baseUrl: string;
const good = traceId();
const bad = traceId();

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const answer = (trace: string, text: string) => ({
    traceId: trace,
    spanId: spanId(),
    name: "chat",
    startMs: Date.now() - 60_000,
    durationMs: 100,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "feature.name": "geo",
      "gen_ai.input.messages": JSON.stringify([
        { role: "user", parts: [{ type: "text", content: "Capital of France?" }] },
      ]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: text }] }]),
    },
  });
  const { rows } = normalizeAll(
    ctx.projectId,
    decodeJson(JSON.stringify(otlpJson([answer(good, "Paris."), answer(bad, "Lyon.")]))),
    { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 },
  );
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("LLM-as-judge", () => {
  it("keeps the endpoint key encrypted at rest and never returns it", async () => {
    const saved = await putJudgeSettings({
      ctx,
      input: judgeSettingsInput.parse({
        enabled: true,
        baseUrl,
        model: "gpt-4o-mini",
        apiKey: "sk-judge-secret",
        sampleRate: 1,
      }),
    });
    expect(saved).toMatchObject({ hasApiKey: true, model: "gpt-4o-mini" });
    expect(JSON.stringify(saved)).not.toContain("sk-judge-secret");
    expect(JSON.stringify(await getJudgeSettings({ ctx }))).not.toContain("sk-judge-secret");
    const [row] = await (await db())
      .select()
      .from(schema.judgeSettings)
      .where(eq(schema.judgeSettings.projectId, ctx.projectId));
    expect(row!.apiKeyEncrypted).toMatch(/^v1\./);
    expect(row!.apiKeyEncrypted).not.toContain("sk-judge-secret");
  });

  it("scores sampled traces through the endpoint, once each, and tracks its own cost as a span", async () => {
    const run = await runJudge(ctx.projectId);
    expect(run).toEqual({ judged: 2, failed: [] });
    expect(asked).toHaveLength(2);
    expect(asked[0]!.auth).toBe("Bearer sk-judge-secret");
    expect(asked[0]!.body.model).toBe("gpt-4o-mini");
    expect(asked.map((a) => a.body.messages[0]!.content).join("\n")).toContain("Capital of France?");
    expect((await traceScores({ ctx, traceId: good })).find((s) => s.source === "judge")).toMatchObject({
      name: "judge_quality",
      value: 0.9,
      comment: "correct",
      author: "judge:gpt-4o-mini",
    });
    expect((await traceScores({ ctx, traceId: bad })).find((s) => s.source === "judge")).toMatchObject({
      value: 0.1,
      comment: "wrong capital",
    });
    // Judged traces are not judged again.
    expect(await runJudge(ctx.projectId)).toEqual({ judged: 0, failed: [] });
    expect(asked).toHaveLength(2);
    // Two judge calls of 1,000 input and 200 output tokens of gpt-4o-mini (0.15 / 0.60 USD per M).
    await waitApplied();
    const cost = await costMetrics({
      ctx,
      query: costQuery.parse({
        groupBy: "feature",
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    });
    const judge = cost.data.find((r) => r.feature === JUDGE_FEATURE);
    expect(judge).toMatchObject({ inputTokens: 2000, outputTokens: 400, spans: 2 });
    expect(judge!.costUsd).toBeCloseTo((2 * (1000 * 0.15 + 200 * 0.6)) / 1e6, 12);
  });

  it("reports a dead endpoint without scoring, and reads verdicts strictly", async () => {
    mode = "down";
    const other = traceId();
    const { rows } = normalizeAll(
      ctx.projectId,
      decodeJson(
        JSON.stringify(
          otlpJson([
            {
              traceId: other,
              spanId: spanId(),
              name: "chat",
              startMs: Date.now() - 1000,
              durationMs: 5,
              attributes: {
                "gen_ai.operation.name": "chat",
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.output.messages": "[]",
              },
            },
          ]),
        ),
      ),
      { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 },
    );
    await new BatchWriter({ lingerMs: 0 }).write(rows);
    const run = await runJudge(ctx.projectId);
    expect(run.judged).toBe(0);
    expect(run.failed[0]).toMatchObject({ traceId: other, error: expect.stringContaining("503") });
    expect(parseVerdict('```json\n{"score": 1.7, "reason": "x"}\n```')).toEqual({ score: 1, reason: "x" });
    expect(parseVerdict("0.25")).toEqual({ score: 0.25, reason: "" });
    expect(() => parseVerdict("I think it is good")).toThrow(/did not answer a score/);
  });
});
