import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { kv } from "@/ingest/otlp/build-json";
import { logsSignal } from "@/ingest/pipeline/logs-signal";
import { tracesSignal } from "@/ingest/pipeline/traces-signal";
import type { ProjectContext } from "@/lib/auth/context";
import { listLogs, listLogsQuery } from "@/lib/logs/list-logs";
import { qualityParams, qualityView } from "@/lib/quality/quality-view";
import { traceScores } from "@/lib/scores/trace-scores";
import { writeScores } from "@/lib/scores/write-scores";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { diffTraces } from "./compare";
import { traceToOtlpJson } from "./export-otlp";
import { getTrace } from "./get-trace";
import { listTraces, listTracesQuery } from "./list-traces";
import { waitApplied } from "@/lib/testing/wait-applied";

// Payloads stay with engineers: a finance or viewer user sees the structure (model, tokens,
// timings, status, attribution, error type) and nothing else, on every read. Every hidden
// value carries a HIDDEN marker; the engineer's reads prove the data holds them all.

const at = Date.now() - 3_600_000;
const trace = traceId();
const baseline = traceId();
const [root, llm, vercel, tool] = [spanId(), spanId(), spanId(), spanId()];
let admin: ProjectContext;
const as = (role: ProjectContext["role"]) => ({ ...admin, role });

function spans(id: string): JsonSpan[] {
  return [
    {
      traceId: id,
      spanId: root,
      name: "support answer",
      startMs: at,
      durationMs: 900,
      attributes: {
        "tenant.id": "acme",
        "feature.name": "support",
        "app.customer_note": "HIDDEN-CUSTOM",
        "user.note": "HIDDEN-NOTE",
      },
    },
    {
      traceId: id,
      spanId: llm,
      parentSpanId: root,
      name: "chat gpt-4o",
      startMs: at + 10,
      durationMs: 400,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 120,
        "gen_ai.usage.output_tokens": 30,
        "gen_ai.system_instructions": "HIDDEN-SYSTEM",
        "gen_ai.tool.definitions": JSON.stringify([{ name: "lookup", description: "HIDDEN-TOOLDEF" }]),
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", parts: [{ type: "text", content: "where is HIDDENPROMPTWORD order" }] },
        ]),
        "gen_ai.output.messages": JSON.stringify([
          { role: "assistant", parts: [{ type: "text", content: "HIDDEN-ANSWER" }] },
        ]),
      },
      events: [
        {
          name: "gen_ai.evaluation.result",
          attributes: {
            "gen_ai.evaluation.name": "relevance",
            "gen_ai.evaluation.score.value": 0.4,
            "gen_ai.evaluation.explanation": "HIDDEN-EXPLANATION",
          },
        },
        { name: "exception", attributes: { "exception.type": "ValueError", "exception.message": "HIDDEN-EXCEPTION" } },
      ],
      status: { code: 2, message: "HIDDEN-STATUS" },
    },
    {
      traceId: id,
      spanId: vercel,
      parentSpanId: root,
      name: "ai.generateText.doGenerate",
      startMs: at + 420,
      durationMs: 300,
      attributes: {
        "ai.operationId": "ai.generateText.doGenerate",
        "ai.model.id": "gpt-4o-mini",
        "ai.usage.promptTokens": 50,
        "ai.usage.completionTokens": 5,
        "ai.response.reasoning": "HIDDEN-REASONING",
        "ai.response.text": "HIDDEN-VERCEL-TEXT",
      },
    },
    {
      traceId: id,
      spanId: tool,
      parentSpanId: root,
      name: "execute_tool lookup",
      startMs: at + 730,
      durationMs: 50,
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "lookup",
        "gen_ai.tool.call.result": "HIDDEN-TOOLRESULT",
        "gen_ai.tool.call.arguments": '{"q":"HIDDEN-ARGS"}',
      },
    },
  ];
}

const HIDDEN = /HIDDEN/;

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  admin = await makeProject();
  const resource = {
    "service.name": "support-api",
    "deployment.environment.name": "prod",
    "app.secret_resource": "HIDDEN-RESOURCE",
  };
  for (const id of [trace, baseline])
    await tracesSignal.ingest(admin.projectId, Buffer.from(JSON.stringify(otlpJson(spans(id), resource))), "json");
  const logs = {
    resourceLogs: [
      {
        resource: { attributes: kv({ "service.name": "support-api", "app.secret_resource": "HIDDEN-RESOURCE" }) },
        scopeLogs: [
          {
            scope: { name: "test" },
            logRecords: [
              {
                traceId: trace,
                spanId: llm,
                timeUnixNano: String(BigInt(at + 20) * 1_000_000n),
                severityNumber: 13,
                severityText: "WARN",
                body: { stringValue: "retrying for HIDDEN-LOGBODY" },
                attributes: kv({ "custom.log.detail": "HIDDEN-LOGATTR", "exception.type": "TimeoutError" }),
              },
            ],
          },
        ],
      },
    ],
  };
  await logsSignal.ingest(admin.projectId, Buffer.from(JSON.stringify(logs)), "json");
  await waitApplied(); // ingest answers once the rows are in its log; reads need them applied
  await writeScores({ ctx: admin, items: [{ traceId: trace, name: "review", value: 0.2, comment: "HIDDEN-COMMENT" }] });
});

async function everyRead(ctx: ProjectContext) {
  const list = await listTraces({ ctx, query: listTracesQuery.parse({}) });
  const detail = await getTrace({ ctx, traceId: trace });
  const base = await getTrace({ ctx, traceId: baseline });
  const quality = await qualityView({ ctx, params: qualityParams.parse({ range: "24h", name: "review" }) });
  return {
    list,
    detail,
    export: traceToOtlpJson(detail),
    scores: await traceScores({ ctx, traceId: trace }),
    logs: await listLogs({ ctx, query: listLogsQuery.parse({ traceId: trace }) }),
    compare: diffTraces(base.spans, detail.spans),
    quality,
  };
}

describe("payloads stay with engineers", () => {
  it("an engineer sees every payload the trace holds (the data carries each marker)", async () => {
    const text = JSON.stringify(await everyRead(as("engineer")));
    for (const marker of [
      "CUSTOM",
      "SYSTEM",
      "TOOLDEF",
      "HIDDENPROMPTWORD",
      "ANSWER",
      "EXPLANATION",
      "EXCEPTION",
      "STATUS",
      "REASONING",
      "TOOLRESULT",
      "RESOURCE",
      "LOGBODY",
      "LOGATTR",
      "COMMENT",
    ]) {
      expect(text, marker).toContain(marker);
    }
    const found = await listTraces({ ctx: as("engineer"), query: listTracesQuery.parse({ q: "hiddenpromptword" }) });
    expect(found.data.map((t) => t.traceId).sort()).toEqual([trace, baseline].sort());
  });

  for (const role of ["finance", "viewer"] as const) {
    it(`${role}: no hidden value on any read (list, detail, export, scores, logs, compare, quality)`, async () => {
      const reads = await everyRead(as(role));
      for (const [name, read] of Object.entries(reads)) expect(JSON.stringify(read), name).not.toMatch(HIDDEN);
      // The structure is all there.
      const chat = reads.detail.spans.find((s) => s.spanId === llm)!;
      expect(chat).toMatchObject({
        model: "gpt-4o",
        inputTokens: 120,
        outputTokens: 30,
        status: "error",
        statusMessage: null,
        input: null,
        output: null,
        exception: { type: "ValueError", message: null },
      });
      expect(chat.attributes).toMatchObject({
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": "120",
        "gen_ai.operation.name": "chat",
      });
      expect(Object.keys(chat.attributes)).not.toContain("gen_ai.tool.definitions");
      expect(chat.events).toContainEqual(
        expect.objectContaining({ name: "exception", attributes: { "exception.type": "ValueError" } }),
      );
      expect(chat.resourceAttributes).toEqual({ "service.name": "support-api", "deployment.environment.name": "prod" });
      expect(reads.detail.spans.find((s) => s.spanId === root)!.attributes).toEqual({
        "tenant.id": "acme",
        "feature.name": "support",
      });
      expect(reads.detail.spans.find((s) => s.spanId === tool)!.tool).toEqual({
        name: "lookup",
        callId: null,
        arguments: null,
        result: null,
      });
      expect(reads.list.data.find((t) => t.traceId === trace)).toMatchObject({
        status: "error",
        errorMessage: null,
        tenant: "acme",
        inputTokens: 170,
      });
      expect(reads.scores).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: "review", value: 0.2, comment: null }),
          expect.objectContaining({ name: "relevance", value: 0.4, comment: null }),
        ]),
      );
      expect(reads.logs.data).toEqual([
        expect.objectContaining({
          severityText: "WARN",
          body: null,
          attributes: { "exception.type": "TimeoutError" },
          resourceAttributes: { "service.name": "support-api" },
        }),
      ]);
    });

    it(`${role}: searching a word only a prompt holds finds nothing: q is refused with 403 naming q, in traces as in logs`, async () => {
      for (const read of [
        () => listTraces({ ctx: as(role), query: listTracesQuery.parse({ q: "HIDDENPROMPTWORD" }) }),
        () => listLogs({ ctx: as(role), query: listLogsQuery.parse({ q: "HIDDEN" }) }),
      ]) {
        await expect(read()).rejects.toMatchObject({ code: "forbidden", field: "q" });
      }
    });
  }
});
