"use client";
import { useSyncExternalStore } from "react";
import { formatDateTime } from "@/lib/format/date-time";

// Server HTML carries UTC; once hydrated the viewer's own zone shows (no mismatch: React
// re-renders with the client snapshot after hydration).
const noSubscription = () => () => {};
const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const serverZone = () => "UTC";

export function LocalTime({ value, seconds = true }: { value: string | Date | null | undefined; seconds?: boolean }) {
  const timeZone = useSyncExternalStore(noSubscription, viewerZone, serverZone);
  const iso = value instanceof Date ? value.toISOString() : (value ?? undefined);
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {formatDateTime(value, { timeZone, seconds })}
    </time>
  );
}
