import { describe, expect, it } from "vitest";
import { clickHouseTimeToTicks } from "@/db/clickhouse/row-binary";
import { memoLastTwo } from "@/db/clickhouse/memo-last-two";
import { nanosToClickHouseTime } from "./span-time";

// The plain formulation both fast paths must agree with.
const reference = (nanos: bigint) => {
  const micros = nanos / 1000n;
  const date = new Date(Number(micros / 1000n)).toISOString().slice(0, 19).replace("T", " ");
  return `${date}.${(micros % 1_000_000n).toString().padStart(6, "0")}`;
};

describe("span time text", () => {
  it("formats nanoseconds exactly, also when start and end alternate between seconds", () => {
    const base = 1_795_457_207_000_000_000n; // 2026-11-23 18:06:47 UTC
    const samples = [
      0n,
      1_000n,
      999_999_000n,
      999_999_999n,
      1_000_000_000n,
      455_123_789n,
      1_850_000_000n,
      3_600_000_000_001n,
    ];
    for (let round = 0; round < 3; round++) {
      for (const offset of samples) {
        const nanos = base + offset;
        expect(nanosToClickHouseTime(nanos)).toBe(reference(nanos));
        expect(clickHouseTimeToTicks(nanosToClickHouseTime(nanos), 6)).toBe(Number(nanos / 1000n));
      }
    }
    expect(nanosToClickHouseTime(base)).toBe("2026-11-23 18:06:47.000000");
  });

  it("remembers two keys and recomputes a third", () => {
    const calls: number[] = [];
    const square = memoLastTwo((n: number) => {
      calls.push(n);
      return n * n;
    });
    expect([square(2), square(3), square(2), square(3), square(4), square(3), square(2)]).toEqual([
      4, 9, 4, 9, 16, 9, 4,
    ]);
    expect(calls).toEqual([2, 3, 4, 2]);
  });
});
