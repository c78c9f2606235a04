import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, time } from "@/lib/clickhouse/sql";
import { fromClickHouseTime, toClickHouseTime } from "@/lib/domain/span/span-time";
import { makeProject } from "@/lib/testing/factories";
import { spanId, traceId } from "@/lib/testing/otlp";
import { spanRow } from "@/lib/testing/span-row";
import { ingestSummary } from "./ingest-summary";

// The Overview's figures read from trace_index must be the ones the `spans` table gave.

const now = new Date(Date.UTC(2026, 9, 30, 12, 0));
const hoursAgo = (h: number) => toClickHouseTime(new Date(now.getTime() - h * 3_600_000));

/** The figures as the Overview computed them from `spans` before it read the rollup. */
async function fromSpans(projectId: string) {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [row] = await queryRows<{ spans: number; traces: number; last: string; any: number }>({
    projectId,
    tag: "test.ingest_summary.spans",
    query: sql`
      SELECT countIf(start_time >= ${time(dayAgo)}) AS spans, uniqExactIf(trace_id, start_time >= ${time(dayAgo)}) AS traces,
             toString(max(start_time)) AS last, count() AS any
      FROM ${tables.spans} WHERE ${tables.spans.scope}`,
  });
  return {
    spansLastDay: Number(row!.spans),
    tracesLastDay: Number(row!.traces),
    lastSpanAt: Number(row!.any) > 0 ? fromClickHouseTime(row!.last) : null,
  };
}

let ctx: ProjectContext;
let empty: ProjectContext;

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  [ctx, empty] = await Promise.all([makeProject(), makeProject()]);
  const span = (trace: string, start: string) =>
    spanRow({ project_id: ctx.projectId, trace_id: trace, span_id: spanId(), start_time: start });
  const [old, straddling, recent, other] = [traceId(), traceId(), traceId(), traceId()];
  await new BatchWriter({ lingerMs: 0 }).write([
    span(old, hoursAgo(30)),
    span(old, hoursAgo(25)),
    // A trace that began before the day: counted for its spans inside it.
    span(straddling, hoursAgo(24.5)),
    span(straddling, hoursAgo(23)),
    span(straddling, hoursAgo(2)),
    span(recent, hoursAgo(1)),
    span(recent, hoursAgo(0.5)),
    span(recent, toClickHouseTime(new Date(now.getTime() - 86_400_000))),
    // Clock skew: a span from the future is the last one.
    span(other, hoursAgo(-0.25)),
  ]);
  // Another project's spans stay out.
  await new BatchWriter({ lingerMs: 0 }).write([
    spanRow({
      project_id: (await makeProject()).projectId,
      trace_id: traceId(),
      span_id: spanId(),
      start_time: hoursAgo(0),
    }),
  ]);
});

describe("ingest summary from the rollup", () => {
  it("gives the figures the spans gave: spans and traces of the last day, the last span", async () => {
    const summary = await ingestSummary({ ctx, now });
    expect(summary).toEqual(await fromSpans(ctx.projectId));
    expect(summary).toEqual({ spansLastDay: 6, tracesLastDay: 3, lastSpanAt: new Date(now.getTime() + 900_000) });
  });

  it("says nothing arrived for a project without spans", async () => {
    expect(await ingestSummary({ ctx: empty, now })).toEqual({ spansLastDay: 0, tracesLastDay: 0, lastSpanAt: null });
    expect(await fromSpans(empty.projectId)).toEqual({ spansLastDay: 0, tracesLastDay: 0, lastSpanAt: null });
  });
});
