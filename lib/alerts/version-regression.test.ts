import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { evaluateRule } from "./evaluate";
import { createRule, getRule, ruleInput } from "./rules";
import { listTickets } from "./tickets";

// version_regression opens a ticket for the feature where the candidate model fails twice as
// often as the baseline, and none where the candidate has too few requests to tell.

let ctx: ProjectContext;
const now = new Date();

const request = (feature: string, model: string, i: number, failed: boolean): JsonSpan => ({
  traceId: traceId(),
  spanId: spanId(),
  name: "chat",
  startMs: now.getTime() - 3_600_000 + i * 1000,
  durationMs: 200 + (i % 40) * 10,
  status: failed ? { code: 2, message: "boom" } : { code: 1 },
  attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": model, "feature.name": feature },
});

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const spans = [
    ...range(1000).map((i) => request("checkout", "gpt-4o", i, i % 20 === 0)),
    ...range(1000).map((i) => request("checkout", "gpt-4.1", i, i % 10 === 0)),
    ...range(200).map((i) => request("search", "gpt-4o", i, false)),
    ...range(20).map((i) => request("search", "gpt-4.1", i, i % 2 === 0)),
  ];
  const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 };
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});

const rule = (over: object = {}) =>
  ruleInput.parse({
    name: "gpt-4.1 regression",
    tier: "ticket",
    metric: "version_regression",
    window: "2h",
    comparator: "gt",
    threshold: 0.5,
    minBreaches: 1,
    version: { by: "model", baseline: "gpt-4o", candidate: "gpt-4.1" },
    ...over,
  });

describe("version_regression rule", () => {
  it("opens a ticket for the feature where the candidate is significantly worse", async () => {
    const stored = await getRule(ctx, (await createRule({ ctx, input: rule() })).id);
    const states = await evaluateRule(stored, now);
    expect(states.map((s) => [s.group.feature, s.state]).sort()).toEqual([
      ["checkout", "firing"],
      ["search", "ok"],
    ]);
    const tickets = (await listTickets({ ctx, query: {} })).data.filter((t) => t.ruleId === stored.id);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ status: "open", groupKey: "feature=checkout" });
  });

  it("needs the versions, and a ticket or page tier", async () => {
    await expect(createRule({ ctx, input: rule({ version: null }) })).rejects.toMatchObject({ field: "version" });
    await expect(createRule({ ctx, input: rule({ tier: "dashboard" }) })).rejects.toMatchObject({ field: "tier" });
    await expect(
      createRule({ ctx, input: rule({ version: { by: "attribute", baseline: "1", candidate: "2" } }) }),
    ).rejects.toMatchObject({ field: "version" });
  });
});
