import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { ownerInput, putOwner } from "@/lib/alerts/owners";
import type { ProjectContext } from "@/lib/auth/context";
import { writeScores } from "@/lib/scores/write-scores";
import { makeProject, makeUser } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { baselineInput, getFeatureBaseline, putFeatureBaseline } from "./feature-baselines";
import { monthlyReview, reviewCsvRows } from "./monthly-review";

// "checkout" first appears on 2026-06-01: its baseline is its first 7 days, set on 06-08, so the
// marks fall on 07-08 (30 days), 08-07 (60) and 09-06 (90, not reached on 08-20). Each request
// is one root gpt-4o call ($2.50 per million input tokens); durations are equal within a window
// so that p95 is that duration exactly.
const DAY = 86_400_000;
const now = new Date("2026-08-20T12:00:00Z");
let ctx: ProjectContext & { userId: string };
let engineer: ProjectContext;

const request = (at: string, usd: number, ms: number, error = false): JsonSpan => ({
  traceId: traceId(),
  spanId: spanId(),
  name: "checkout",
  startMs: Date.parse(at),
  durationMs: ms,
  ...(error ? { status: { code: 2 } } : {}),
  attributes: {
    "feature.name": "checkout",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": (usd / 2.5) * 1_000_000,
    "gen_ai.usage.output_tokens": 0,
  },
});
const times = (n: number, make: (i: number) => JsonSpan) => Array.from({ length: n }, (_, i) => make(i));
const hour = (day: string, i: number) => new Date(Date.parse(`${day}T00:00:00Z`) + i * 3_600_000).toISOString();

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const baseline = times(10, (i) => request(hour("2026-06-01", i * 12), 0.5, 200, i === 0));
  const spans = [
    ...baseline,
    // 30-day mark window 07-01..07-08 (in July too): 4 requests at $1, 400 ms, no error.
    ...times(4, (i) => request(hour("2026-07-02", i), 1, 400)),
    // Later in July: 2 requests at $4, 400 ms, one error.
    ...times(2, (i) => request(hour("2026-07-20", i), 4, 400, i === 0)),
    // 60-day mark window 07-31..08-07: 5 requests at $2, 300 ms, 2 errors.
    ...times(5, (i) => request(hour("2026-08-02", i), 2, 300, i < 2)),
    // "fresh" first appears 2 days before now: no baseline yet.
    { ...request(hour("2026-08-18", 0), 1, 100), attributes: { "feature.name": "fresh" } },
  ];
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
  await writeScores({
    ctx,
    items: [
      { traceId: baseline[1]!.traceId, name: "correctness", value: 0.9 },
      { traceId: baseline[2]!.traceId, name: "correctness", value: 0.7 },
    ],
  });
  const eng = await makeUser();
  await (await db()).insert(schema.memberships).values({ projectId: ctx.projectId, userId: eng.id, role: "engineer" });
  engineer = { projectId: ctx.projectId, role: "engineer", actor: { type: "user", userId: eng.id } };
  await putOwner({ ctx, input: ownerInput.parse({ feature: "checkout", ownerEmail: "pay@shop.test" }) });
  await putOwner({ ctx, input: ownerInput.parse({ feature: "fresh", ownerEmail: "pay@shop.test" }) });
  await putOwner({ ctx, input: ownerInput.parse({ feature: "search", ownerEmail: eng.email }) });
});

describe("feature baselines", () => {
  it("measures the auto baseline over the first 7 days and the 30/60/90-day marks (hand-computed)", async () => {
    const report = await getFeatureBaseline({ ctx, feature: "checkout", now });
    expect(report).toMatchObject({ source: "auto", setAt: "2026-06-08T00:00:00.000Z" });
    // 10 requests at $0.50, one error, all 200 ms; scores 0.9 and 0.7.
    expect(report.baseline.costPerRequestUsd).toBeCloseTo(0.5, 6);
    expect(report.baseline.errorRate).toBeCloseTo(0.1, 6);
    expect(report.baseline.p95Ms).toBeCloseTo(200, 6);
    expect(report.baseline.quality).toBeCloseTo(0.8, 6);
    // 07-01..07-08: 4 requests at $1, 400 ms, no errors, no scores.
    expect(report.marks.d30).toMatchObject({ errorRate: 0, quality: null });
    expect(report.marks.d30!.costPerRequestUsd).toBeCloseTo(1, 6);
    expect(report.marks.d30!.p95Ms).toBeCloseTo(400, 6);
    // 07-31..08-07: 5 requests at $2, 2 errors, 300 ms.
    expect(report.marks.d60!.costPerRequestUsd).toBeCloseTo(2, 6);
    expect(report.marks.d60!.errorRate).toBeCloseTo(0.4, 6);
    expect(report.marks.d60!.p95Ms).toBeCloseTo(300, 6);
    expect(report.marks.d90).toBeNull();
    await expect(getFeatureBaseline({ ctx, feature: "fresh", now })).rejects.toMatchObject({ code: "not_found" });
  });

  it("shows each owner's feature: the month against its baseline and the marks, in the review and its CSV", async () => {
    const review = await monthlyReview({ ctx, month: "2026-07", now });
    const checkout = review.owners.find((o) => o.feature === "checkout")!;
    // July: 6 requests costing 4 × 1 + 2 × 4 = 12, one error, all 400 ms.
    expect(checkout.month.costPerRequestUsd).toBeCloseTo(2, 6);
    expect(checkout.month.errorRate).toBeCloseTo(1 / 6, 6);
    expect(checkout.month.p95Ms).toBeCloseTo(400, 6);
    expect(checkout.baseline).toMatchObject({ source: "auto", setAt: "2026-06-08T00:00:00.000Z" });
    expect(checkout.marks.d90).toBeNull();
    expect(review.owners.find((o) => o.feature === "fresh")).toMatchObject({ baseline: null, marks: { d30: null } });

    const csv = reviewCsvRows(review).filter((r) => r.section.startsWith("owner baseline"));
    const line = (label: string) => csv.find((r) => r.name === `pay@shop.test checkout ${label}`);
    expect(line("baseline")).toMatchObject({
      value_1: "0.500000",
      value_2: "0.100000",
      value_3: "200.000000",
      value_4: "0.800000",
    });
    expect(line("30 days")).toMatchObject({ value_1: "1.000000", value_2: "0.000000", value_4: "" });
    expect(line("90 days")).toMatchObject({ value_1: "", value_2: "", value_3: "", value_4: "" });
    expect(line("month")?.value_1).toBe("2.000000");
  });

  it("lets the feature's owner set its baseline, from now on, and refuses anyone else", async () => {
    const set = await putFeatureBaseline({
      ctx: engineer,
      feature: "search",
      input: baselineInput.parse({ costPerRequestUsd: 0.25, p95Ms: 1000 }),
      now,
    });
    expect(set).toMatchObject({
      source: "owner",
      setAt: now.toISOString(),
      baseline: { costPerRequestUsd: 0.25, p95Ms: 1000, errorRate: null, quality: null },
      marks: { d30: null, d60: null, d90: null },
    });
    await expect(
      putFeatureBaseline({ ctx: engineer, feature: "checkout", input: baselineInput.parse({ p95Ms: 1 }), now }),
    ).rejects.toMatchObject({ code: "forbidden" });
    // An admin re-measures checkout over July's first week: the owner's window replaces the auto one.
    const remeasured = await putFeatureBaseline({
      ctx,
      feature: "checkout",
      input: baselineInput.parse({ from: "2026-07-01T00:00:00Z", to: "2026-07-08T00:00:00Z" }),
      now: new Date(now.getTime() - 40 * DAY),
    });
    expect(remeasured).toMatchObject({ source: "owner", baseline: { errorRate: 0 } });
    expect(remeasured.baseline.costPerRequestUsd).toBeCloseTo(1, 6);
    expect(remeasured.marks.d30).toBeNull();
    // Set on 07-11: its 30-day mark (08-10) has come by now, over 08-03..08-10, which had no request.
    const later = await getFeatureBaseline({ ctx, feature: "checkout", now });
    expect(later.marks).toEqual({
      d30: { costPerRequestUsd: null, errorRate: null, p95Ms: null, quality: null },
      d60: null,
      d90: null,
    });
    expect(baselineInput.safeParse({ from: "2026-07-01T00:00:00Z" }).error?.issues[0]?.path).toEqual(["to"]);
    expect(baselineInput.safeParse({}).error?.issues[0]?.message).toBe(
      "give a window (from, to) or at least one figure",
    );
  });
});
