import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { handleExport } from "@/ingest/http/handle-export";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { rebuildUsage } from "@/lib/cost/rebuild-usage";
import { nanosToClickHouseTime } from "@/lib/domain/span/span-time";
import { attributed, traceAttribution } from "@/lib/domain/usage/trace-attribution";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, postJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraces } from "@/lib/traces/list-traces";
import { waitApplied } from "@/lib/testing/wait-applied";

// Attribution parity: traces shaped in several ways and sent in several requests through the
// real ingest path; the trace's tenant and feature from the `traces` rollup (trace list and
// detail), the usage by tenant and feature (usage_hourly, written from JS rows), the same after
// `npm run usage:rebuild` (SQL over spans and the rollup), and traceAttribution in JS over the
// spans as sent must all say the same.

const t0 = Date.UTC(2026, 9, 5, 12);
const from = new Date(Date.UTC(2026, 9, 1));
const to = new Date(Date.UTC(2026, 10, 1));

type Shape = { name: string; requests: JsonSpan[][]; tenant: string; feature: string };

/** A span with usage (so it lands in the usage rollup) and optionally its own tenant and feature. */
function call(
  trace: string,
  id: string,
  parent: string,
  at: number,
  input: number,
  own: { tenant?: string; feature?: string } = {},
): JsonSpan {
  return {
    traceId: trace,
    spanId: id,
    parentSpanId: parent,
    name: `call ${id}`,
    startMs: t0 + at,
    durationMs: 50,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": input,
      "gen_ai.usage.output_tokens": 1,
      ...(own.tenant ? { "tenant.id": own.tenant } : {}),
      ...(own.feature ? { "feature.name": own.feature } : {}),
    },
  };
}
const root = (trace: string, id: string, own: { tenant?: string; feature?: string } = {}): JsonSpan => ({
  traceId: trace,
  spanId: id,
  name: "root",
  startMs: t0,
  durationMs: 1000,
  attributes: {
    ...(own.tenant ? { "tenant.id": own.tenant } : {}),
    ...(own.feature ? { "feature.name": own.feature } : {}),
  },
});

function shapes(): Shape[] {
  const ids = () => [traceId(), spanId(), spanId(), spanId()] as const;
  const out: Shape[] = [];
  {
    const [t, r, a, b] = ids();
    out.push({
      name: "root carries it",
      tenant: "root-t",
      feature: "root-f",
      requests: [
        [
          root(t, r, { tenant: "root-t", feature: "root-f" }),
          call(t, a, r, 10, 100),
          call(t, b, r, 20, 200, { tenant: "own-t" }),
        ],
      ],
    });
  }
  {
    const [t, r, a, b] = ids();
    out.push({
      name: "only a child carries it",
      tenant: "child-t",
      feature: "child-f",
      requests: [
        [root(t, r), call(t, a, r, 10, 300), call(t, b, r, 20, 400, { tenant: "child-t", feature: "child-f" })],
      ],
    });
  }
  {
    const [t, r, a, b] = ids();
    // Children first (a child's tenant is the trace's meanwhile), the root with its own later.
    out.push({
      name: "root arrives after its children",
      tenant: "late-root-t",
      feature: "late-root-f",
      requests: [
        [call(t, a, r, 10, 500, { tenant: "early-child-t" }), call(t, b, r, 20, 600)],
        [root(t, r, { tenant: "late-root-t", feature: "late-root-f" })],
      ],
    });
  }
  {
    const [t, r, a, b] = ids();
    // Two children with different tenants, the later one sent first: the earliest decides.
    out.push({
      name: "two children carry different tenants",
      tenant: "first-t",
      feature: "first-f",
      requests: [
        [root(t, r), call(t, b, r, 20, 700, { tenant: "second-t", feature: "second-f" })],
        [call(t, a, r, 10, 800, { tenant: "first-t", feature: "first-f" })],
        [call(t, spanId(), r, 30, 900)],
      ],
    });
  }
  {
    const t = traceId();
    const r = spanId();
    const [low, high] = [spanId(), spanId()].sort();
    // The same start: the smaller span id decides, whichever arrives first.
    out.push({
      name: "two children at the same instant",
      tenant: "low-id-t",
      feature: "low-id-f",
      requests: [
        [call(t, high!, r, 10, 1000, { tenant: "high-id-t", feature: "high-id-f" })],
        [call(t, low!, r, 10, 1100, { tenant: "low-id-t", feature: "low-id-f" }), call(t, spanId(), r, 40, 1200)],
        [root(t, r)],
      ],
    });
  }
  return out;
}

let ctx: ProjectContext;
let key: string;
let traces: Shape[];
const send = async (spans: JsonSpan[]) => {
  const response = await handleExport(postJson("http://localhost", key, otlpJson(spans)));
  expect(response.status).toBe(200);
  // Each request applied before the next, so the shapes arrive in the order they describe.
  await waitApplied();
};

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  key = (await createApiKey({ ctx, input: { name: "attribution" } })).secretKey;
  traces = shapes();
  // Requests interleaved across traces, as exporters send them.
  const rounds = Math.max(...traces.map((s) => s.requests.length));
  for (let i = 0; i < rounds; i++) for (const s of traces) if (s.requests[i]) await send(s.requests[i]!);
});

/** What JS says, from the spans as sent: the trace's attribution and each call's usage under it. */
function expected() {
  const usage = new Map<string, { spans: number; inputTokens: number }>();
  const perTrace = traces.map((shape) => {
    const spans = shape.requests.flat().map((s) => ({
      span_id: s.spanId,
      parent_span_id: s.parentSpanId ?? "",
      start_time: nanosToClickHouseTime(BigInt(Math.round(s.startMs * 1000)) * 1000n),
      tenant: String(s.attributes?.["tenant.id"] ?? ""),
      feature: String(s.attributes?.["feature.name"] ?? ""),
      input: Number(s.attributes?.["gen_ai.usage.input_tokens"] ?? 0),
    }));
    const trace = traceAttribution(spans);
    for (const s of spans) {
      const a = attributed(s, trace);
      const k = `${a.tenant}|${a.feature}`;
      const row = usage.get(k) ?? { spans: 0, inputTokens: 0 };
      usage.set(k, { spans: row.spans + 1, inputTokens: row.inputTokens + s.input });
    }
    return { shape, trace, spans };
  });
  return { usage, perTrace };
}

async function usageByTenant() {
  const cost = await costMetrics({ ctx, query: { from, to, groupBy: ["tenant", "feature"] } });
  return new Map(cost.data.map((r) => [`${r.tenant}|${r.feature}`, { spans: r.spans, inputTokens: r.inputTokens }]));
}

describe("trace attribution, JS and the rollups", () => {
  it("JS decides each shape as the issue says", () => {
    for (const { shape, trace } of expected().perTrace)
      expect(trace, shape.name).toEqual({ tenant: shape.tenant, feature: shape.feature });
  });

  it("the trace list, the trace detail and usage by tenant agree with JS, before and after a rebuild", async () => {
    const { usage, perTrace } = expected();
    const listed = await listTraces({ ctx, query: { limit: 50, from, to } });
    for (const { shape, trace, spans } of perTrace) {
      const id = shape.requests[0]![0]!.traceId;
      expect(
        listed.data.find((t) => t.traceId === id),
        shape.name,
      ).toMatchObject(trace);
      const detail = await getTrace({ ctx, traceId: id });
      expect({ tenant: detail.tenant, feature: detail.feature }, shape.name).toEqual(trace);
      const bySpan = new Map(spans.map((s) => [s.span_id, attributed(s, trace)]));
      for (const s of detail.spans)
        expect({ tenant: s.tenant, feature: s.feature }, `${shape.name}: ${s.name}`).toEqual(bySpan.get(s.spanId));
      // The list's tenant filter finds it under its tenant.
      const filtered = await listTraces({ ctx, query: { limit: 50, from, to, tenant: trace.tenant } });
      expect(
        filtered.data.map((t) => t.traceId),
        shape.name,
      ).toContain(id);
    }
    expect(Object.fromEntries(await usageByTenant())).toEqual(Object.fromEntries(usage));
    await rebuildUsage(ctx.projectId);
    expect(Object.fromEntries(await usageByTenant())).toEqual(Object.fromEntries(usage));
  });
});
