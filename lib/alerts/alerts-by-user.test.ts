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

// "Any end user above $X": cost rules grouped by the end user, who is named on the root only
// (the model calls below inherit it).

const HOUR = 3_600_000;
const now = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR + 30 * 60_000);
let ctx: ProjectContext;

/** A request of `user`: a root naming them and `calls` model calls of 1,000 in / 100 out tokens. */
function request(user: string, calls: number): JsonSpan[] {
  const trace = traceId();
  const root = spanId();
  return [
    {
      traceId: trace,
      spanId: root,
      name: "chat turn",
      startMs: now.getTime() - 60_000,
      durationMs: 900,
      attributes: { "enduser.id": user },
    },
    ...Array.from({ length: calls }, (_, i) => ({
      traceId: trace,
      spanId: spanId(),
      parentSpanId: root,
      name: "chat",
      startMs: now.getTime() - 59_000 + i,
      durationMs: 100,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 1000,
        "gen_ai.usage.output_tokens": 100,
      },
    })),
  ];
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const spans = [...request("heavy-user", 10), ...request("light-user", 1)];
  // Children first, then the roots: the user arrives with the late roots.
  const write = async (batch: JsonSpan[]) => {
    const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(batch))), {
      tenantKeys: [],
      featureKeys: [],
      payloadCapBytes: 4096,
    });
    await new BatchWriter({ lingerMs: 0 }).write(rows);
  };
  await write(spans.filter((s) => s.parentSpanId));
  await write(spans.filter((s) => !s.parentSpanId));
});

describe("alert rules by end user", () => {
  it("fires for the end user above the threshold only", async () => {
    const rule = await getRule(
      ctx,
      (
        await createRule({
          ctx,
          input: ruleInput.parse({
            name: "Any end user above 2 cents",
            tier: "dashboard",
            metric: "cost_usd",
            groupBy: ["user"],
            window: "3h",
            comparator: "gt",
            threshold: 0.02,
            minBreaches: 1,
          }),
        })
      ).id,
    );
    const states = await evaluateRule(rule, new Date(now.getTime() + 60_000));
    // 10 calls × 0.0035 USD against 1 call.
    expect(states.map((s) => [s.group.user, Number(s.value!.toFixed(6)), s.state])).toEqual([
      ["heavy-user", 0.035, "firing"],
      ["light-user", 0.0035, "ok"],
    ]);
  });

  it("refuses a quality rule by user, naming the field", async () => {
    await expect(
      createRule({
        ctx,
        input: ruleInput.parse({
          name: "Quality per user",
          tier: "dashboard",
          metric: "quality_avg",
          scoreName: "helpfulness",
          groupBy: ["user"],
          window: "1h",
          comparator: "lt",
          threshold: 0.5,
        }),
      }),
    ).rejects.toMatchObject({ code: "bad_request", field: "groupBy" });
  });
});
