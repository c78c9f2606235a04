import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { createPrice, priceInput } from "@/lib/pricing/price-catalog";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { marginsCsvRows } from "./margins";
import { closeMonth, listClosedMonths, monthMargins, reopenMonth } from "./month-close";
import { putRevenue } from "./revenue";

// acme: one gpt-4o call of 2M input tokens on 2026-09-10 ($5 at the list price), $100 revenue.
let ctx: ProjectContext;
const now = new Date(Date.UTC(2026, 9, 2));

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const span = {
    traceId: traceId(),
    spanId: spanId(),
    name: "a",
    startMs: Date.UTC(2026, 8, 10),
    durationMs: 10,
    attributes: {
      "tenant.id": "acme",
      "feature.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 2_000_000,
      "gen_ai.usage.output_tokens": 0,
    },
  };
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson([span]))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
  await putRevenue({ ctx, entries: [{ tenant: "acme", month: "2026-09", revenueUsd: 100 }] });
});

const audit = async (action: string) =>
  (await db())
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.projectId, ctx.projectId), eq(schema.auditLog.action, action)));

describe("month close", () => {
  it("refuses a month that has not ended, and roles without finance.write", async () => {
    await expect(closeMonth({ ctx, month: "2026-10", now })).rejects.toMatchObject({
      code: "bad_request",
      field: "month",
    });
    await expect(closeMonth({ ctx: { ...ctx, role: "engineer" }, month: "2026-09", now })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("freezes the month: unchanged after a re-price of all history, with the live difference shown", async () => {
    const closed = await closeMonth({ ctx, month: "2026-09", now });
    expect(closed.totals).toMatchObject({ costUsd: 5, marginUsd: 95 });
    expect(closed.closed).toMatchObject({ live: { costUsd: 5, differenceUsd: 0 } });
    expect(closed.drilldown?.[0]).toMatchObject({ name: "acme", costUsd: 5, children: [{ name: "chat", costUsd: 5 }] });
    await expect(closeMonth({ ctx, month: "2026-09", now })).rejects.toMatchObject({ code: "conflict" });

    await createPrice({
      ctx,
      input: priceInput.parse({ model: "gpt-4o", inputPerMTok: 5, outputPerMTok: 20, applyTo: "history" }),
    });
    const later = await monthMargins({ ctx, month: "2026-09", now });
    expect(later.totals).toMatchObject({ costUsd: 5, marginUsd: 95 });
    expect(later.data.find((r) => r.tenant === "acme")).toMatchObject({ costUsd: 5, marginPct: 95 });
    expect(marginsCsvRows(later.data)[0]).toMatchObject({ tenant: "acme", cost_usd: "5.000000" });
    expect(later.closed?.catalogVersion).toBe(closed.catalogVersion);
    // The live figure now prices 2M tokens at $5 per million.
    expect(later.closed?.live).toMatchObject({ costUsd: 10, marginUsd: 90, differenceUsd: 5 });
    expect((await listClosedMonths({ ctx })).data).toMatchObject([{ month: "2026-09", costUsd: 5 }]);
    expect(await audit("month.close")).toHaveLength(1);
  });

  it("reopens only for finance or admin, audited, and the month reads live again", async () => {
    await expect(reopenMonth({ ctx: { ...ctx, role: "viewer" }, month: "2026-09" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await audit("month.reopen")).toEqual([]);
    await reopenMonth({ ctx: { ...ctx, role: "finance" }, month: "2026-09" });
    const [entry] = await audit("month.reopen");
    expect(entry).toMatchObject({ target: "2026-09", actor: `user:${(ctx.actor as { userId: string }).userId}` });
    expect(entry?.details).toMatchObject({ costUsd: 5 });
    const live = await monthMargins({ ctx, month: "2026-09", now });
    expect(live).toMatchObject({ closed: null, totals: { costUsd: 10 } });
    await expect(reopenMonth({ ctx, month: "2026-09" })).rejects.toMatchObject({ code: "not_found" });
  });
});
