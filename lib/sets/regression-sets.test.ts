import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { addToSet, addToSetInput } from "./add-to-set";
import { createSet, getSet, setInput } from "./regression-sets";
import { exportItems, importInput, importItems } from "./set-files";

// A set built from a failed filter (every failed trace of a feature), versioned as it grows,
// and carried through JSONL and CSV.

let ctx: ProjectContext;
const failed = [traceId(), traceId(), traceId()];
const ok = traceId();
const turns = [traceId(), traceId(), traceId()];
const SESSION = `conv-${traceId()}`;

function run(trace: string, question: string, failing: boolean, feature = "refunds"): JsonSpan {
  return {
    traceId: trace,
    spanId: spanId(),
    name: "chat",
    startMs: Date.now() - 60_000,
    durationMs: 100,
    status: failing ? { code: 2, message: "refused" } : { code: 1 },
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "feature.name": feature,
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: question }] }]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "No." }] }]),
    },
  };
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const spans = [
    ...failed.map((t, i) => run(t, `refund order ${i}?`, true)),
    run(ok, "refund order 9?", false),
    run(traceId(), "other feature", true, "search"),
    // A session of three turns, the second without a model call; sent out of order.
    ...[2, 0].map((i) => {
      const turn = run(turns[i]!, `turn ${i}: where is my refund?`, false, "support");
      return {
        ...turn,
        startMs: Date.now() - 50_000 + i * 1000,
        attributes: { ...turn.attributes, "session.id": SESSION },
      };
    }),
    {
      traceId: turns[1]!,
      spanId: spanId(),
      name: "lookup",
      startMs: Date.now() - 49_000,
      durationMs: 5,
      attributes: { "session.id": SESSION, "feature.name": "support" },
    },
  ];
  const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 };
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});

describe("regression sets", () => {
  it("builds a set from a failed filter, versions it as it grows, and skips traces already in it", async () => {
    const set = await createSet({ ctx, input: setInput.parse({ name: "refund failures" }) });
    const first = await addToSet({
      ctx,
      id: set.id,
      input: addToSetInput.parse({ filter: { status: "error", feature: "refunds" }, label: "failed" }),
    });
    expect(first).toMatchObject({ version: 1, added: 3, skipped: 0 });
    const second = await addToSet({
      ctx,
      id: set.id,
      input: addToSetInput.parse({ traceIds: [ok, failed[0]], expectedOutput: "Yes, refunded." }),
    });
    expect(second).toMatchObject({ version: 2, added: 1, skipped: 1 });

    const v1 = await getSet({ ctx, id: set.id, version: 1 });
    expect(v1.items.map((i) => i.traceId).sort()).toEqual([...failed].sort());
    expect(v1.items[0]).toMatchObject({
      model: "gpt-4o",
      recordedOutput: "No.",
      label: "failed",
      expectedOutput: null,
    });
    expect(v1.items.map((i) => i.input[0])).toContainEqual({ role: "user", content: "refund order 1?" });
    const latest = await getSet({ ctx, id: set.id });
    expect(latest.items).toHaveLength(4);
    expect(latest.items.find((i) => i.traceId === ok)).toMatchObject({ expectedOutput: "Yes, refunded.", addedIn: 2 });
    expect(addToSetInput.safeParse({}).error?.issues[0]?.path).toEqual(["traceIds"]);
    await expect(getSet({ ctx: { ...ctx, role: "viewer" }, id: set.id })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("adds a session as one item per turn with a model call, in turn order", async () => {
    const set = await createSet({ ctx, input: setInput.parse({ name: "support conversation" }) });
    const added = await addToSet({ ctx, id: set.id, input: addToSetInput.parse({ sessionId: SESSION }) });
    expect(added).toMatchObject({ version: 1, added: 2, skipped: 1 });
    const { items } = await getSet({ ctx, id: set.id });
    expect(items.map((i) => [i.traceId, i.input[0]])).toEqual([
      [turns[0], { role: "user", content: "turn 0: where is my refund?" }],
      [turns[2], { role: "user", content: "turn 2: where is my refund?" }],
    ]);
    expect(await addToSet({ ctx, id: set.id, input: addToSetInput.parse({ sessionId: SESSION }) })).toMatchObject({
      version: 1,
      added: 0,
      skipped: 3,
    });
    await expect(
      addToSet({ ctx, id: set.id, input: addToSetInput.parse({ sessionId: "no-such-session" }) }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(addToSetInput.safeParse({ sessionId: SESSION, traceIds: [] }).success).toBe(false);
  });

  it("exports and imports JSONL and CSV without losing a field, and names a bad line", async () => {
    const source = await createSet({ ctx, input: setInput.parse({ name: "source" }) });
    await addToSet({
      ctx,
      id: source.id,
      input: addToSetInput.parse({ traceIds: failed, expectedOutput: "Refunded, 3 days." }),
    });
    const plain = (items: Awaited<ReturnType<typeof getSet>>["items"]) =>
      items.map(({ id: _id, addedIn: _a, ...rest }) => rest).sort((a, b) => a.traceId!.localeCompare(b.traceId!));
    const original = plain((await getSet({ ctx, id: source.id })).items);
    for (const format of ["jsonl", "csv"] as const) {
      const file = await exportItems({ ctx, id: source.id, format });
      expect(file.filename).toBe(`source-v1.${format}`);
      const copy = await createSet({ ctx, input: setInput.parse({ name: `copy ${format}` }) });
      expect(
        await importItems({ ctx, id: copy.id, input: importInput.parse({ format, content: file.body }) }),
      ).toMatchObject({
        version: 1,
        added: 3,
      });
      expect(plain((await getSet({ ctx, id: copy.id })).items)).toEqual(original);
    }
    const target = await createSet({ ctx, input: setInput.parse({ name: "bad" }) });
    const bad = `${JSON.stringify({ input: [{ role: "user", content: "hi" }] })}\n${JSON.stringify({ input: [] })}\n`;
    await expect(importItems({ ctx, id: target.id, input: { format: "jsonl", content: bad } })).rejects.toThrow(
      "line 2: input: needs at least one message",
    );
    expect((await getSet({ ctx, id: target.id })).items).toHaveLength(0);
    const csv = "input,expected_output\nWhat is 2+2?,4\n";
    await importItems({ ctx, id: target.id, input: { format: "csv", content: csv } });
    expect((await getSet({ ctx, id: target.id })).items[0]).toMatchObject({
      input: [{ role: "user", content: "What is 2+2?" }],
      expectedOutput: "4",
    });
  });
});
