import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { postgres } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { experimentSettled, startExperiment } from "@/ingest/experiments/run-experiment";
import type { ProjectContext } from "@/lib/auth/context";
import { judgeSettingsInput, putJudgeSettings } from "@/lib/judge/judge-settings";
import { addToSet, addToSetInput } from "@/lib/sets/add-to-set";
import { experimentInput } from "@/lib/sets/experiment-input";
import { createSet, setInput } from "@/lib/sets/regression-sets";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { POST as startRoute, GET as listRoute } from "@/app/api/v1/sets/[id]/experiments/route";
import { GET as getRoute } from "@/app/api/v1/experiments/[id]/route";
import { GET as compareRoute } from "@/app/api/v1/experiments/[id]/compare/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { compareExperiment, compareQuery } from "./compare-experiment";
import { HEARTBEAT_STALE_MS, insertExperiment, markInterruptedExperiments } from "./experiment-rows";
import { getExperiment, listExperiments } from "./read-experiments";

// Stored experiments: rows written as items finish (a page sees the progress), the results
// against the recorded answers and against another experiment, and runs a stop left behind.

// gpt-4o-mini answers "No." to order 0 and "Yes." otherwise; gpt-4o always "No.". While `hold`
// is set, the second request to arrive waits until the test lets it go.
let hold: { seen: number; reached: () => void; release: Promise<void> } | null = null;
const server = http.createServer((req, res) => {
  let text = "";
  req.on("data", (c: Buffer) => (text += c.toString()));
  req.on("end", () => {
    const body = JSON.parse(text) as { model: string; messages: Array<{ content: string }> };
    const prompt = body.messages.map((m) => m.content).join("\n");
    const content = body.model === "gpt-4o" || prompt.includes("order 0") ? "No." : "Yes.";
    const answer = () =>
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          model: body.model,
          choices: [{ message: { role: "assistant", content } }],
          usage: { prompt_tokens: 1000, completion_tokens: 100 },
        }),
      );
    if (hold && ++hold.seen === 2) {
      const held = hold;
      hold = null;
      held.reached();
      void held.release.then(answer);
    } else answer();
  });
});

let ctx: ProjectContext;
let setId: string;
const traces = [traceId(), traceId()];

function recorded(trace: string, question: string): JsonSpan {
  return {
    traceId: trace,
    spanId: spanId(),
    name: "chat",
    startMs: Date.now() - 60_000,
    durationMs: 100,
    status: { code: 1 },
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 1000,
      "gen_ai.usage.output_tokens": 100,
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: question }] }]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "No." }] }]),
    },
  };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  await putJudgeSettings({
    ctx,
    input: judgeSettingsInput.parse({
      enabled: false,
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      model: "gpt-4o-mini",
      allowedModels: ["gpt-4o"],
    }),
  });
  const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 };
  const spans = traces.map((t, i) => recorded(t, `refund order ${i}?`));
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows);
  setId = (await createSet({ ctx, input: setInput.parse({ name: "refunds" }) })).id;
  await addToSet({ ctx, id: setId, input: addToSetInput.parse({ traceIds: traces }) });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const run = (model: string) =>
  experimentInput.parse({
    variant: { model, systemPrompt: "SECRET-PROMPT be brief" },
    checks: { contains: ["no"] },
    concurrency: 1,
    costCapUsd: 1,
  });

describe("stored experiments", () => {
  it("writes each item as it finishes, so the run's progress reads while it runs", async () => {
    let reached!: () => void;
    const atSecond = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    hold = { seen: 0, reached, release: new Promise<void>((resolve) => (release = resolve)) };
    const { experiment, done } = await startExperiment({ ctx, setId, input: run("gpt-4o-mini") }).catch((e) => {
      hold = null;
      throw e;
    });
    expect(experiment).toMatchObject({ status: "running", itemCount: 2, setVersion: 1 });

    await atSecond; // the first item is stored before the second is asked
    try {
      const midway = await getExperiment({ ctx, id: experiment.id });
      expect(midway).toMatchObject({ status: "running", itemsFinished: 1, notRun: 0, totals: null });
      expect((await listExperiments({ ctx, setId }))[0]).toMatchObject({
        id: experiment.id,
        status: "running",
        itemsFinished: 1,
      });
    } finally {
      release();
    }
    await done;
    const finished = await getExperiment({ ctx, id: experiment.id });
    expect(finished).toMatchObject({ status: "done", itemsFinished: 2, totals: { items: 2, notRun: 0 } });
    expect(finished.finishedAt).not.toBeNull();
    expect(finished.items.map((i) => [i.answer, i.recordedOutput, i.differs])).toEqual([
      ["Yes.", "No.", true],
      ["No.", "No.", false],
    ]);
    await expect(getExperiment({ ctx: { ...ctx, role: "viewer" }, id: experiment.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    // A viewer reads the list, without the system prompt (a payload).
    const asViewer = await listExperiments({ ctx: { ...ctx, role: "viewer" }, setId });
    expect(asViewer[0]).toMatchObject({ id: experiment.id, variant: { model: "gpt-4o-mini" } });
    expect(JSON.stringify(asViewer)).not.toContain("SECRET-PROMPT");
    expect(JSON.stringify(await listExperiments({ ctx, setId }))).toContain("SECRET-PROMPT");
  });

  it("compares with the recorded answers and with another experiment, differing items first", async () => {
    const mini = await startExperiment({ ctx, setId, input: run("gpt-4o-mini") });
    const big = await startExperiment({ ctx, setId, input: run("gpt-4o") });
    await Promise.all([mini.done, big.done]);

    const onRecorded = await compareExperiment({ ctx, id: mini.experiment.id, query: compareQuery.parse({}) });
    expect(onRecorded.against).toEqual({ kind: "recorded" });
    expect(onRecorded.aggregate).toMatchObject({ items: 2, differing: 1 });
    expect(onRecorded.items.map((i) => [i.variant?.answer, i.baseline?.answer, i.differs])).toEqual([
      ["Yes.", "No.", true],
      ["No.", "No.", false],
    ]);
    // The recorded side's figures are the source spans': 100 ms each, priced, no errors.
    expect(onRecorded.aggregate.baseline).toMatchObject({ items: 2, errors: 0, latencyP50Ms: 100, containsRate: 1 });
    expect(onRecorded.aggregate.baseline.costUsd).toBeGreaterThan(0);
    expect(onRecorded.aggregate.variant).toMatchObject({ items: 2, errors: 0, containsRate: 0.5 });

    const onOther = await compareExperiment({
      ctx,
      id: mini.experiment.id,
      query: compareQuery.parse({ against: big.experiment.id }),
    });
    expect(onOther.against).toMatchObject({ kind: "experiment", id: big.experiment.id, model: "gpt-4o" });
    expect(onOther.items.map((i) => [i.variant?.answer, i.baseline?.answer, i.differs])).toEqual([
      ["Yes.", "No.", true],
      ["No.", "No.", false],
    ]);
    expect(onOther.aggregate.baseline).toMatchObject({ items: 2, containsRate: 1 });

    const elsewhere = (await createSet({ ctx, input: setInput.parse({ name: "empty" }) })).id;
    const other = await startExperiment({ ctx, setId: elsewhere, input: run("gpt-4o") });
    await other.done;
    await expect(
      compareExperiment({ ctx, id: mini.experiment.id, query: { against: other.experiment.id } }),
    ).rejects.toMatchObject({ field: "against" });
    expect(compareQuery.safeParse({ against: "yesterday" }).success).toBe(false);
  });

  it("answers the POST with 202 and the running experiment; the GETs read it; bad input names the field", async () => {
    const key = (await createApiKey({ ctx, input: { name: "api", scopes: ["read", "write"] } })).secretKey;
    const call = (handler: typeof getRoute, url: string, params: Record<string, string>, body?: unknown) =>
      handler(
        new Request(`http://test${url}`, {
          method: body === undefined ? "GET" : "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        { params: Promise.resolve(params) },
      );
    const started = await call(startRoute, `/api/v1/sets/${setId}/experiments`, { id: setId }, run("gpt-4o"));
    expect(started.status).toBe(202);
    const { id, status } = (await started.json()) as { id: string; status: string };
    expect(status).toBe("running");
    const read = async () =>
      (await (await call(getRoute, `/api/v1/experiments/${id}`, { id })).json()) as {
        status: string;
        itemsFinished: number;
      };
    await experimentSettled(id);
    expect(await read()).toMatchObject({ status: "done", itemsFinished: 2 });
    const listed = (await (await call(listRoute, `/api/v1/sets/${setId}/experiments`, { id: setId })).json()) as Array<{
      id: string;
    }>;
    expect(listed.map((e) => e.id)).toContain(id);
    const compared = await call(compareRoute, `/api/v1/experiments/${id}/compare?against=recorded`, { id });
    expect(((await compared.json()) as { aggregate: { items: number } }).aggregate.items).toBe(2);
    const bad = await call(compareRoute, `/api/v1/experiments/${id}/compare?against=nope`, { id });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("against");
    const noCap = await call(
      startRoute,
      `/api/v1/sets/${setId}/experiments`,
      { id: setId },
      { variant: { model: "gpt-4o" } },
    );
    expect(noCap.status).toBe(400);
    expect(await noCap.text()).toContain("costCapUsd");
  });

  it("marks the runs a stop left behind as interrupted", async () => {
    const row = (heartbeatAt: Date) =>
      insertExperiment({
        id: randomUUID(),
        projectId: ctx.projectId,
        setId,
        setVersion: 1,
        variant: { model: "gpt-4o" },
        checks: {},
        concurrency: 1,
        costCapUsd: 1,
        traceId: randomBytes(16).toString("hex"),
        itemCount: 2,
        createdBy: "system",
        heartbeatAt,
      });
    const fresh = await row(new Date());
    const stale = await row(new Date(Date.now() - 2 * HEARTBEAT_STALE_MS));
    // A read finds the stale one's process gone; the fresh one may still be running elsewhere.
    const listed = new Map((await listExperiments({ ctx, setId })).map((e) => [e.id, e.status]));
    expect([listed.get(fresh.id), listed.get(stale.id)]).toEqual(["running", "interrupted"]);
    // At a server start with embedded Postgres nobody else can be running it.
    await markInterruptedExperiments({ atStart: true });
    const embedded = (await postgres()).mode === "embedded";
    expect((await getExperiment({ ctx, id: fresh.id })).status).toBe(embedded ? "interrupted" : "running");
  });
});
