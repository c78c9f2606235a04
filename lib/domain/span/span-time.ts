// The text forms of span times as the `spans` table stores them (DateTime64, UTC).
import { memoLastTwo } from "@/db/clickhouse/memo-last-two";

/** `2026-01-31 12:00:00.000` in UTC: the text form ClickHouse parses for DateTime64. */
export function toClickHouseTime(value: Date): string {
  return value.toISOString().replace("T", " ").replace("Z", "");
}

const secondText = memoLastTwo((second: number) =>
  new Date(second * 1000).toISOString().slice(0, 19).replace("T", " "),
);

/** Microsecond text form from nanoseconds since the epoch, for span timestamps. */
export function nanosToClickHouseTime(nanos: bigint): string {
  // Microseconds since the epoch stay below 2^53 until the year 2255, so a Number holds them exactly.
  const micros = Number(nanos / 1000n);
  const second = Math.floor(micros / 1_000_000);
  return `${secondText(second)}.${String(micros - second * 1_000_000).padStart(6, "0")}`;
}

/** Parses a ClickHouse DateTime64 text value (UTC) into a Date. */
export function fromClickHouseTime(value: string): Date {
  return new Date(`${value.replace(" ", "T")}Z`);
}
