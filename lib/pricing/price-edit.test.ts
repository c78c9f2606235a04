import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { ServiceError } from "@/lib/api/errors";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { makeProject } from "@/lib/testing/factories";
import { spanRow } from "@/lib/testing/span-row";
import { createPrice, deletePrice, listPrices, priceInput, pricePatch, updatePrice } from "./price-catalog";

// A project price edited in place and ended: the cost API prices by the stored row as it is now,
// an ended price stops at the UTC midnight on or after its end (its usage is then unpriced when
// nothing else matches), and every change is audited.

const DAY = 86_400_000;
const DAY0 = Date.UTC(2026, 9, 1);
const range = { from: new Date(DAY0), to: new Date(DAY0 + 3 * DAY), groupBy: [] as [] };
let ctx: ProjectContext;

const issue = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues[0] ? `${result.error.issues[0].path.join(".")}: ${result.error.issues[0].message}` : "ok";

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  // One call of 1M input tokens of an in-house model on each of three days, at noon.
  const spans = [0, 1, 2].map((d) =>
    spanRow({
      project_id: ctx.projectId,
      trace_id: randomBytes(16).toString("hex"),
      span_id: randomBytes(8).toString("hex"),
      start_time: new Date(DAY0 + d * DAY + DAY / 2).toISOString().replace("T", " ").replace("Z", "000"),
      kind: "llm",
      model: "in-house-7b",
      input_tokens: 1_000_000,
    }),
  );
  await new BatchWriter({ lingerMs: 0 }).write(spans);
});

describe("project prices edited and ended in place", () => {
  it("re-prices by the edited row, stops an ended one at the next UTC midnight, and audits both", async () => {
    const created = await createPrice({
      ctx,
      input: priceInput.parse({ model: "in-house-7b", inputPerMTok: 1, outputPerMTok: 1, applyTo: "history" }),
    });
    expect((await costMetrics({ ctx, query: range })).totals.costUsd).toBeCloseTo(3, 9);

    await updatePrice({ ctx, id: created.id, patch: pricePatch.parse({ inputPerMTok: 2 }) });
    expect((await costMetrics({ ctx, query: range })).totals.costUsd).toBeCloseTo(6, 9);

    // Ended during the second day: in force until the third day's midnight.
    const ended = await updatePrice({
      ctx,
      id: created.id,
      patch: pricePatch.parse({ effectiveTo: new Date(DAY0 + DAY + 3_600_000).toISOString() }),
    });
    expect(ended.effectiveTo?.toISOString()).toBe(new Date(DAY0 + DAY + 3_600_000).toISOString());
    const cost = await costMetrics({ ctx, query: range });
    expect(cost.totals.costUsd).toBeCloseTo(4, 9);
    expect(cost.unpriced).toMatchObject([{ model: "in-house-7b", spans: 1, inputTokens: 1_000_000 }]);

    const actions = await (
      await db()
    )
      .select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.projectId, ctx.projectId), eq(schema.auditLog.target, "in-house-7b")));
    expect(actions.map((a) => a.action).sort()).toEqual(["price.create", "price.end", "price.update"]);

    await deletePrice({ ctx, id: created.id });
    expect((await listPrices({ ctx })).find((p) => p.id === created.id)).toBeUndefined();
    expect((await costMetrics({ ctx, query: range })).unpriced[0]).toMatchObject({ spans: 3 });
  });

  it("refuses a change that names no field, an unknown field, or an end before the start, naming the field", async () => {
    expect(issue(pricePatch.safeParse({}))).toBe(": name at least one field to change");
    expect(issue(pricePatch.safeParse({ model: "other" }))).toMatch(/model/);
    expect(issue(pricePatch.safeParse({ effectiveTo: "tomorrow" }))).toMatch(/^effectiveTo:/);
    expect(
      issue(pricePatch.safeParse({ effectiveFrom: "2026-10-05T00:00:00Z", effectiveTo: "2026-10-04T00:00:00Z" })),
    ).toBe("effectiveTo: must be after effectiveFrom");
    const row = await createPrice({
      ctx,
      input: priceInput.parse({
        model: "later-model",
        inputPerMTok: 1,
        outputPerMTok: 1,
        effectiveFrom: "2026-10-05T00:00:00Z",
      }),
    });
    const early = updatePrice({ ctx, id: row.id, patch: pricePatch.parse({ effectiveTo: "2026-10-04T00:00:00Z" }) });
    await expect(early).rejects.toMatchObject({ code: "bad_request", field: "effectiveTo" });
  });

  it("answers not found for another project's price, and forbidden for a role that cannot manage prices", async () => {
    const row = await createPrice({
      ctx,
      input: priceInput.parse({ model: "mine", inputPerMTok: 1, outputPerMTok: 1 }),
    });
    const other = await makeProject();
    await expect(updatePrice({ ctx: other, id: row.id, patch: { inputPerMTok: 9 } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(deletePrice({ ctx: other, id: row.id })).rejects.toBeInstanceOf(ServiceError);
    await expect(
      updatePrice({ ctx: { ...ctx, role: "viewer" }, id: row.id, patch: { inputPerMTok: 9 } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await listPrices({ ctx })).find((p) => p.id === row.id)?.inputPerMTok).toBe(1);
  });
});
