import { describe, expect, it } from "vitest";
import { modelFamily } from "./model-family";
import { pickPrice, priceVersionsFor } from "./resolve";

describe("model family of a served name", () => {
  it("drops a dated or numbered snapshot suffix, and keeps every other name as it is", () => {
    expect(modelFamily("gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(modelFamily("gpt-4o-mini-2024-07-18")).toBe("gpt-4o-mini");
    expect(modelFamily("claude-sonnet-4-20250514")).toBe("claude-sonnet-4");
    expect(modelFamily("claude-3-5-sonnet@20240620")).toBe("claude-3-5-sonnet");
    expect(modelFamily("gemini-1.5-pro-002")).toBe("gemini-1.5-pro");
    for (const name of ["gpt-4o", "gpt-4.1-mini", "claude-opus-4-1", "llama-3.1-70b", "o3", "my-finetune", "2024"])
      expect(modelFamily(name)).toBe(name);
  });

  it("names a model the catalog prices as it prices the snapshot", () => {
    const at = Date.UTC(2026, 0, 1);
    for (const snapshot of [
      "gpt-4o-2024-08-06",
      "gpt-4o-mini-2024-07-18",
      "claude-sonnet-4-20250514",
      "gemini-1.5-pro-002",
    ])
      expect(pickPrice(priceVersionsFor(modelFamily(snapshot), []), at, 100)).toEqual(
        pickPrice(priceVersionsFor(snapshot, []), at, 100),
      );
  });
});
