import { describe, expect, it } from "vitest";
import { diffTraces, type ComparableSpan } from "./compare";

let clock = 0;
function span(name: string, kind: string, over: Partial<ComparableSpan> = {}): ComparableSpan {
  clock += 1;
  return {
    spanId: `${name}-${clock}`,
    name,
    kind,
    status: "ok",
    statusMessage: null,
    durationMs: 100,
    model: null,
    promptVersion: null,
    inputTokens: 0,
    outputTokens: 0,
    documents: [],
    tool: null,
    startTime: `2026-01-01T00:00:${String(clock).padStart(2, "0")}Z`,
    ...over,
  };
}

describe("diffTraces", () => {
  it("reports identical runs as the same, step by step", () => {
    const run = () => [
      span("root", "chain"),
      span("chat", "llm", { model: "gpt-4o", inputTokens: 100 }),
      span("lookup", "tool", { tool: { name: "lookup", result: "ok" } }),
    ];
    const diff = diffTraces(run(), run());
    expect(diff.map((d) => d.type)).toEqual(["same", "same", "same"]);
  });

  it("finds changed model, prompt version, documents, tool errors, tokens and latency", () => {
    const base = [
      span("retrieve", "retrieval", { documents: [{ id: "a" }, { id: "b" }] }),
      span("chat", "llm", { model: "gpt-4o", promptVersion: "v3", inputTokens: 100, outputTokens: 20 }),
      span("lookup", "tool", { tool: { name: "lookup", result: "shipped" } }),
    ];
    const target = [
      span("retrieve", "retrieval", { documents: [{ id: "c" }] }),
      span("chat", "llm", { model: "gpt-4o-mini", promptVersion: "v4", inputTokens: 300, outputTokens: 20 }),
      span("lookup", "tool", {
        tool: { name: "lookup", result: null },
        status: "error",
        statusMessage: "timeout",
        durationMs: 5000,
      }),
    ];
    const diff = diffTraces(base, target);
    expect(diff.map((d) => d.type)).toEqual(["changed", "changed", "changed"]);
    const fields = diff.map((d) => (d.type === "changed" ? d.changes.map((c) => c.field) : []));
    expect(fields[0]).toEqual(["documents"]);
    expect(fields[1]).toEqual(["model", "prompt version", "tokens"]);
    expect(fields[2]).toEqual(["status", "tool result", "duration ms"]);
    const status = diff[2]!.type === "changed" ? diff[2]!.changes[0] : undefined;
    expect(status).toEqual({ field: "status", before: "ok", after: "error: timeout" });
  });

  it("marks steps missing from or added to the run, keeping order", () => {
    const base = [span("root", "chain"), span("retrieve", "retrieval"), span("chat", "llm")];
    const target = [span("root", "chain"), span("chat", "llm"), span("lookup", "tool"), span("lookup", "tool")];
    const diff = diffTraces(base, target);
    expect(diff.map((d) => `${d.type}:${d.key}`)).toEqual([
      "same:chain:root#0",
      "missing:retrieval:retrieve#0",
      "same:llm:chat#0",
      "added:tool:lookup#0",
      "added:tool:lookup#1",
    ]);
  });

  it("ignores small latency and token noise", () => {
    const diff = diffTraces(
      [span("chat", "llm", { inputTokens: 100, durationMs: 1000 })],
      [span("chat", "llm", { inputTokens: 110, durationMs: 1300 })],
    );
    expect(diff[0]!.type).toBe("same");
  });

  it("marks a whole-trace step that took seconds longer as changed", () => {
    const diff = diffTraces(
      [span("root", "chain", { durationMs: 9490 })],
      [span("root", "chain", { durationMs: 12_500 })],
    );
    expect(diff[0]).toMatchObject({ type: "changed", changes: [expect.objectContaining({ field: "duration ms" })] });
  });
});
