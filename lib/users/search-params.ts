import { TIME_RANGES, type TimeRange } from "@/lib/traces/search-params";

// The end-user pages' URL state: a period (range) and a tenant.

export function parseEndUserParams(
  params: Record<string, string | string[] | undefined>,
  now = Date.now(),
): { range: TimeRange; tenant: string | undefined; from: Date; to: Date } {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const rangeText = first(params.range);
  const range: TimeRange = rangeText && rangeText in TIME_RANGES ? (rangeText as TimeRange) : "30d";
  const tenantText = first(params.tenant)?.trim();
  const tenant = tenantText ? tenantText.slice(0, 200) : undefined;
  return { range, tenant, from: new Date(now - TIME_RANGES[range]), to: new Date(now + 60_000) };
}
