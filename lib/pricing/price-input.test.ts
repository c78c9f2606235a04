import { describe, expect, it } from "vitest";
import { gpuRateInput, priceInput } from "./price-catalog";

const issue = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues[0] ? `${result.error.issues[0].path.join(".")}: ${result.error.issues[0].message}` : "ok";

describe("price input validation", () => {
  it("refuses negative prices, unknown currencies and bad dates, naming the field", () => {
    expect(issue(priceInput.safeParse({ model: "gpt-4o", inputPerMTok: -1, outputPerMTok: 1 }))).toBe(
      "inputPerMTok: must not be negative",
    );
    expect(issue(priceInput.safeParse({ model: "gpt-4o", inputPerMTok: 1, outputPerMTok: 1, currency: "EUR" }))).toBe(
      "currency: only USD is supported",
    );
    expect(
      issue(priceInput.safeParse({ model: "gpt-4o", inputPerMTok: 1, outputPerMTok: 1, effectiveFrom: "yesterday" })),
    ).toMatch(/^effectiveFrom:/);
    expect(issue(gpuRateInput.safeParse({ gpuType: "H100", usdPerHour: Number.NaN }))).toMatch(/^usdPerHour:/);
    expect(priceInput.parse({ model: "claude-*", inputPerMTok: 3, outputPerMTok: 15 }).applyTo).toBe(
      "from-effective-date",
    );
  });
});
