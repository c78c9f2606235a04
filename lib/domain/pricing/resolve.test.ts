import { describe, expect, it } from "vitest";
import { callCost, OPEN_MS, pickPrice, priceVersionsFor, rateVersionsFor, type PriceRow } from "./resolve";

const row = (over: Partial<PriceRow>): PriceRow => ({
  model: "m",
  inputPerMTok: 1,
  outputPerMTok: 1,
  cachedInputPerMTok: null,
  minInputTokens: 0,
  effectiveFrom: new Date(0),
  effectiveTo: null,
  applyTo: "from-effective-date",
  createdAt: new Date(1000),
  ...over,
});

const DAY = 86_400_000;

describe("price resolution", () => {
  it("picks the most specific default: dated model names fall under their family pattern", () => {
    const mini = pickPrice(priceVersionsFor("gpt-4o-mini-2024-07-18", []), Date.now(), 100);
    expect(mini).toMatchObject({ input: 0.15, output: 0.6, cached: 0.075 });
    expect(pickPrice(priceVersionsFor("gpt-4o-2024-08-06", []), Date.now(), 100)).toMatchObject({ input: 2.5 });
    expect(priceVersionsFor("unknown-model", [])).toEqual([]);
    // Newer families from the data file: the family wins over its shorter prefix.
    expect(pickPrice(priceVersionsFor("gpt-5-mini-2025-08-07", []), Date.now(), 100)).toMatchObject({
      input: 0.25,
      output: 2,
    });
    expect(pickPrice(priceVersionsFor("gpt-5-2025-08-07", []), Date.now(), 100)).toMatchObject({ input: 1.25 });
    expect(pickPrice(priceVersionsFor("claude-sonnet-4-5-20250929", []), Date.now(), 250_000)).toMatchObject({
      input: 6,
      output: 22.5,
    });
    expect(pickPrice(priceVersionsFor("claude-opus-4-5-20251101", []), Date.now(), 100)).toMatchObject({
      input: 5,
      output: 25,
    });
  });

  it("applies long-context tiers above their threshold", () => {
    const versions = priceVersionsFor("gemini-2.5-pro", []);
    expect(pickPrice(versions, Date.now(), 200_000)).toMatchObject({ input: 1.25 });
    expect(pickPrice(versions, Date.now(), 200_001)).toMatchObject({ input: 2.5, output: 15 });
  });

  it("versions by effective date; a history row replaces what came before for all time", () => {
    const H = 86_400_000; // versions start on day boundaries
    const dated = row({ model: "gpt-4o", inputPerMTok: 5, effectiveFrom: new Date(2 * H), createdAt: new Date(10) });
    expect(pickPrice(priceVersionsFor("gpt-4o", [dated]), H, 1)).toMatchObject({ input: 2.5 }); // default before
    expect(pickPrice(priceVersionsFor("gpt-4o", [dated]), 3 * H, 1)).toMatchObject({ input: 5 });
    const history = row({
      model: "gpt-4o",
      inputPerMTok: 7,
      applyTo: "history",
      effectiveFrom: new Date(5 * H),
      createdAt: new Date(20),
    });
    expect(pickPrice(priceVersionsFor("gpt-4o", [dated, history]), H, 1)).toMatchObject({ input: 7 });
    expect(pickPrice(priceVersionsFor("gpt-4o", [dated, history]), 3 * H, 1)).toMatchObject({ input: 7 });
    const later = row({ model: "gpt-4o", inputPerMTok: 9, effectiveFrom: new Date(8 * H), createdAt: new Date(30) });
    expect(pickPrice(priceVersionsFor("gpt-4o", [dated, history, later]), 9 * H, 1)).toMatchObject({ input: 9 });
  });

  it("starts a version at the first UTC midnight at or after its effective time (the cost rollups' grain)", () => {
    const D = 86_400_000;
    const midDay = row({
      model: "gpt-4o",
      inputPerMTok: 5,
      effectiveFrom: new Date(2 * D + 60_000),
      createdAt: new Date(10),
    });
    expect(pickPrice(priceVersionsFor("gpt-4o", [midDay]), 2 * D + 120_000, 1)).toMatchObject({ input: 2.5 });
    expect(pickPrice(priceVersionsFor("gpt-4o", [midDay]), 3 * D, 1)).toMatchObject({ input: 5 });
  });

  it("ends a price at the UTC midnight on or after its end, where the price before it applies again", () => {
    const ended = row({
      model: "gpt-4o",
      inputPerMTok: 9,
      effectiveFrom: new Date(DAY),
      effectiveTo: new Date(3 * DAY + 1),
    });
    const versions = priceVersionsFor("gpt-4o", [ended]);
    expect(pickPrice(versions, DAY - 1, 1)).toMatchObject({ input: 2.5 }); // the catalog's
    expect(pickPrice(versions, DAY, 1)).toMatchObject({ input: 9 });
    expect(pickPrice(versions, 4 * DAY - 1, 1)).toMatchObject({ input: 9 }); // ends at the next midnight
    expect(pickPrice(versions, 4 * DAY, 1)).toMatchObject({ input: 2.5 });
  });

  it("re-prices history up to the end of an ended history row, and nothing after it for a name only it priced", () => {
    const history = row({ model: "gpt-4o", inputPerMTok: 7, applyTo: "history", effectiveTo: new Date(2 * DAY) });
    const versions = priceVersionsFor("gpt-4o", [history]);
    expect(pickPrice(versions, 0, 1)).toMatchObject({ input: 7 });
    expect(pickPrice(versions, 2 * DAY - 1, 1)).toMatchObject({ input: 7 });
    expect(pickPrice(versions, 2 * DAY, 1)).toMatchObject({ input: 2.5 }); // the catalog's, replaced only until then
    const own = row({ model: "in-house", applyTo: "history", effectiveTo: new Date(2 * DAY) });
    expect(pickPrice(priceVersionsFor("in-house", [own]), 2 * DAY, 1)).toBeUndefined();
  });

  it("computes a call's cost with cached input at its own rate", () => {
    expect(
      callCost(
        { rank: 1, fromMs: 0, toMs: OPEN_MS, input: 2.5, output: 10, cached: 1.25, minInputTokens: 0 },
        { input: 1_000_000, output: 100_000, cached: 200_000 },
      ),
    ).toBeCloseTo(3.25, 12);
  });

  it("matches GPU types case-insensitively, with project rates over defaults", () => {
    expect(rateVersionsFor("h100", [])).toEqual([{ fromMs: 0, usdPerHour: 2.99 }]);
    const own = {
      gpuType: "H100",
      usdPerHour: 4,
      effectiveFrom: new Date(0),
      applyTo: "history" as const,
      createdAt: new Date(5),
    };
    expect(rateVersionsFor("H100", [own])).toEqual([{ fromMs: 0, usdPerHour: 4 }]);
  });
});
