// Dates in a given IANA time zone (the viewer's in the browser; UTC where none is known).
// One layout everywhere: "2026-12-02 17:10:05 UTC", "2026-12-02 18:10 CET".

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(
  value: string | Date | null | undefined,
  options: { timeZone?: string; seconds?: boolean } = {},
): string {
  if (value === null || value === undefined) return "–";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "–";
  const parts = Object.fromEntries(
    formatter(options.timeZone ?? "UTC", options.seconds ?? true)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const time = `${parts.hour}:${parts.minute}${parts.second ? `:${parts.second}` : ""}`;
  return `${parts.year}-${parts.month}-${parts.day} ${time} ${parts.timeZoneName}`;
}

/** "2026-12-02" in the zone. */
export function formatDate(value: string | Date, timeZone = "UTC"): string {
  return formatDateTime(value, { timeZone }).slice(0, 10);
}
