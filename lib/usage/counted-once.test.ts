import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { insertRows } from "@/lib/clickhouse/query";
import type { AlertRule } from "@/db/postgres/schema";
import { metricValues } from "@/lib/alerts/metric-values";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { rebuildUsage } from "@/lib/cost/rebuild-usage";
import { margins } from "@/lib/finance/margins";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraces } from "@/lib/traces/list-traces";

// Usage counted once whatever the arrival order, in every read: for each trace shape and each
// order, the totals of the trace list, the trace view, cost, margins and a cost alert equal the LLM calls'
// own usage, before and after `rebuildUsage`, and a resent request changes nothing.

const t0 = Date.UTC(2026, 9, 5, 12);
const month = "2026-10";
const from = new Date(Date.UTC(2026, 9, 1));
const to = new Date(Date.UTC(2026, 10, 1));
// gpt-4o default list price: 2.5 USD per million input tokens, 10 per million output tokens.
const gpt4oCost = (input: number, output: number) => (input * 2.5 + output * 10) / 1e6;

type Shape = {
  name: string;
  build: (
    trace: string,
    tenant: string,
  ) => { spans: Record<string, JsonSpan>; aggregates: string[]; input: number; output: number };
};

const span = (
  trace: string,
  id: string,
  parent: string,
  name: string,
  at: number,
  attributes: JsonSpan["attributes"],
): JsonSpan => ({
  traceId: trace,
  spanId: id,
  parentSpanId: parent,
  name,
  startMs: t0 + at,
  durationMs: 100,
  attributes,
});

const shapes: Shape[] = [
  {
    name: "Vercel generateText over two doGenerate calls",
    build: (trace, tenant) => {
      const [outer, call1, call2] = [spanId(), spanId(), spanId()];
      const usage = (input: number, output: number) => ({
        "ai.model.id": "gpt-4o",
        "ai.model.provider": "openai.chat",
        "ai.usage.promptTokens": input,
        "ai.usage.completionTokens": output,
      });
      return {
        spans: {
          parent: span(trace, outer, "", "ai.generateText", 0, {
            "ai.operationId": "ai.generateText",
            ...usage(130, 42),
            "tenant.id": tenant,
          }),
          middle: span(trace, call1, outer, "ai.generateText.doGenerate", 1, {
            "ai.operationId": "ai.generateText.doGenerate",
            ...usage(30, 12),
          }),
          child: span(trace, call2, outer, "ai.generateText.doGenerate", 2, {
            "ai.operationId": "ai.generateText.doGenerate",
            ...usage(100, 30),
          }),
        },
        aggregates: [outer],
        input: 130,
        output: 42,
      };
    },
  },
  {
    name: "GenAI invoke_agent over two chat spans",
    build: (trace, tenant) => {
      const [agent, chat1, chat2] = [spanId(), spanId(), spanId()];
      const usage = (input: number, output: number) => ({
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": input,
        "gen_ai.usage.output_tokens": output,
      });
      return {
        spans: {
          parent: span(trace, agent, "", "invoke_agent support", 0, {
            "gen_ai.operation.name": "invoke_agent",
            ...usage(300, 30),
            "tenant.id": tenant,
          }),
          middle: span(trace, chat1, agent, "chat gpt-4o", 1, { "gen_ai.operation.name": "chat", ...usage(100, 10) }),
          child: span(trace, chat2, agent, "chat gpt-4o", 2, { "gen_ai.operation.name": "chat", ...usage(200, 20) }),
        },
        aggregates: [agent],
        input: 300,
        output: 30,
      };
    },
  },
  {
    name: "OpenInference AGENT over CHAIN over LLM",
    build: (trace, tenant) => {
      const [agent, chain, llm] = [spanId(), spanId(), spanId()];
      const usage = { "llm.model_name": "gpt-4o", "llm.token_count.prompt": 500, "llm.token_count.completion": 50 };
      return {
        spans: {
          parent: span(trace, agent, "", "agent", 0, {
            "openinference.span.kind": "AGENT",
            ...usage,
            "tenant.id": tenant,
          }),
          middle: span(trace, chain, agent, "chain", 1, { "openinference.span.kind": "CHAIN", ...usage }),
          child: span(trace, llm, chain, "ChatOpenAI", 2, { "openinference.span.kind": "LLM", ...usage }),
        },
        aggregates: [agent, chain],
        input: 500,
        output: 50,
      };
    },
  },
];

// Requests in order, by the role each span plays ("middle" is a direct child for the two-level shapes).
const orders: Record<string, Array<Array<"parent" | "middle" | "child">>> = {
  "one request": [["parent", "middle", "child"]],
  "children later": [["parent"], ["middle"], ["child"]],
  "parent later": [["child"], ["middle"], ["parent"]],
  "middle last": [["parent", "child"], ["middle"]],
};

let ctx: ProjectContext;
const cases: Array<{
  shape: string;
  order: string;
  trace: string;
  tenant: string;
  requests: JsonSpan[][];
  aggregates: string[];
  input: number;
  output: number;
}> = [];

async function write(spans: JsonSpan[]) {
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  return new BatchWriter({ lingerMs: 0 }).write(rows);
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  for (const [s, shape] of shapes.entries()) {
    for (const [o, [order, requests]] of Object.entries(orders).entries()) {
      const trace = traceId();
      const tenant = `tenant-${s}-${o}`;
      const built = shape.build(trace, tenant);
      cases.push({
        shape: shape.name,
        order,
        trace,
        tenant,
        requests: requests.map((roles) => roles.map((r) => built.spans[r]!)),
        ...built,
      });
    }
  }
  for (const c of cases) for (const request of c.requests) await write(request);
});

async function readTotals(c: (typeof cases)[number]) {
  // An alert on the tenant's cost over the day of the traces.
  const rule = {
    projectId: ctx.projectId,
    metric: "cost_usd",
    windowMinutes: 1440,
    filter: { tenant: c.tenant },
    groupBy: [],
  } as unknown as AlertRule;
  const [list, trace, cost, margin, alert] = await Promise.all([
    listTraces({ ctx, query: { from, to, tenant: c.tenant, limit: 10 } }),
    getTrace({ ctx, traceId: c.trace }),
    costMetrics({ ctx, query: { from, to, groupBy: ["tenant"], tenant: c.tenant } }),
    margins({ ctx, month }),
    metricValues(rule, new Date(t0 + 12 * 3_600_000)),
  ]);
  const row = list.data[0]!;
  return {
    list: { input: row.inputTokens, output: row.outputTokens, cost: row.costUsd, spans: row.spanCount },
    trace: { input: trace.inputTokens, output: trace.outputTokens, cost: trace.costUsd, spans: trace.spans.length },
    cost: {
      input: cost.totals.inputTokens,
      output: cost.totals.outputTokens,
      cost: cost.totals.costUsd,
      spans: cost.totals.spans,
    },
    margin: margin.data.find((m) => m.tenant === c.tenant)?.llmCostUsd,
    alert: alert[0]?.value,
    aggregates: trace.spans
      .filter((s) => s.usageAggregate)
      .map((s) => s.spanId)
      .sort(),
    shown: trace.spans.filter((s) => s.usageAggregate).every((s) => s.inputTokens > 0 && s.costUsd === null),
  };
}

function expectCountedOnce(totals: Awaited<ReturnType<typeof readTotals>>, c: (typeof cases)[number]) {
  const expected = { input: c.input, output: c.output, spans: 3 };
  const cost = gpt4oCost(c.input, c.output);
  for (const read of [totals.list, totals.trace, totals.cost]) {
    expect(read).toMatchObject(expected);
    expect(read.cost).toBeCloseTo(cost, 9);
  }
  expect(totals.margin).toBeCloseTo(cost, 6);
  expect(totals.alert).toBeCloseTo(cost, 9);
  expect(totals.aggregates).toEqual([...c.aggregates].sort());
  expect(totals.shown).toBe(true);
}

describe("usage counted once, by structure", () => {
  for (const shape of shapes) {
    for (const order of Object.keys(orders)) {
      it(`${shape.name}, ${order}: list, trace, cost and margins count the calls once`, async () => {
        const c = cases.find((x) => x.shape === shape.name && x.order === order)!;
        expectCountedOnce(await readTotals(c), c);
      });
    }
  }

  it("a resent request changes nothing", async () => {
    const c = cases.find((x) => x.order === "middle last" && x.shape.startsWith("OpenInference"))!;
    const result = await write(c.requests.flat());
    expect(result).toEqual({ inserted: 0, duplicates: 3 });
    expectCountedOnce(await readTotals(c), c);
  });

  it("rebuildUsage recomputes the same figures for every case, and repairs rollups that counted an aggregate", async () => {
    // Spans stored around the writer, every one counted (as before migration 0009).
    const trace = traceId();
    const built = shapes[1]!.build(trace, "tenant-unflagged");
    const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(Object.values(built.spans)))), {
      tenantKeys: [],
      featureKeys: [],
      payloadCapBytes: 4096,
    });
    await insertRows("spans", rows);
    const unflagged = { shape: "unflagged", order: "", trace, tenant: "tenant-unflagged", requests: [], ...built };
    expect((await readTotals(unflagged)).list).toMatchObject({ input: 2 * built.input, output: 2 * built.output });
    await rebuildUsage(ctx.projectId);
    for (const c of [...cases, unflagged]) expectCountedOnce(await readTotals(c), c);
  });
});
