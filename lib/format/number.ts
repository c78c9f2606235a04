// One home for how numbers read on every page, export and notification: en-US grouping,
// one minus sign (U+2212), precision that keeps fractions of a cent visible.

export const MINUS = "\u2212";
const DASH = "–";

const isNumber = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);
const sign = (v: number, signed: boolean) => (v < 0 ? MINUS : signed && v > 0 ? "+" : "");

const grouped = (digits: { min: number; max: number }) =>
  new Intl.NumberFormat("en-US", { minimumFractionDigits: digits.min, maximumFractionDigits: digits.max });
const USD_WHOLE = grouped({ min: 2, max: 2 });
const USD_CENTS = grouped({ min: 2, max: 4 });
const USD_FRACTION = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });
const COUNT = grouped({ min: 0, max: 0 });

/**
 * Money: "$2,302.00", "$0.0423", "$0.00042" (two significant digits below a cent), "−$5.10".
 * `signed` puts "+" on gains, for differences.
 */
export function formatUsd(value: number | null | undefined, options: { signed?: boolean } = {}): string {
  if (!isNumber(value)) return DASH;
  const abs = Math.abs(value);
  const body =
    abs === 0
      ? "0.00"
      : abs >= 1
        ? USD_WHOLE.format(abs)
        : abs >= 0.01
          ? USD_CENTS.format(abs)
          : USD_FRACTION.format(abs);
  return `${sign(value, options.signed ?? false)}$${body}`;
}

/** Axis ticks: "$12", "$1.2k", "$3.4M". */
export function formatUsdCompact(value: number): string {
  if (!isNumber(value)) return DASH;
  const abs = Math.abs(value);
  const body =
    abs >= 1e6
      ? `${trim(abs / 1e6, 1)}M`
      : abs >= 1e3
        ? `${trim(abs / 1e3, 1)}k`
        : abs >= 10 || abs === 0
          ? COUNT.format(abs)
          : trim(abs, 2);
  return `${sign(value, false)}$${body}`;
}

const trim = (v: number, digits: number) => String(Number(v.toFixed(digits)));

export const formatCount = (n: number | null | undefined): string =>
  isNumber(n) ? `${sign(n, false)}${COUNT.format(Math.abs(n))}` : DASH;

/** Tokens: exact below 100k ("12,345"), then "123.4k", "1.23M", "4.5B". */
export function formatTokens(n: number | null | undefined): string {
  if (!isNumber(n)) return DASH;
  const abs = Math.abs(n);
  const body =
    abs >= 1e9
      ? `${trim(abs / 1e9, 2)}B`
      : abs >= 1e6
        ? `${trim(abs / 1e6, 2)}M`
        : abs >= 1e5
          ? `${trim(abs / 1e3, 1)}k`
          : COUNT.format(abs);
  return `${sign(n, false)}${body}`;
}

/** A fraction shown as a percentage: 0.123 → "12.3%". Pass fractions only, never percents. */
export function formatPercent(
  fraction: number | null | undefined,
  options: { digits?: number; signed?: boolean } = {},
): string {
  if (!isNumber(fraction)) return DASH;
  const pct = Math.abs(fraction * 100);
  const digits = options.digits ?? (pct !== 0 && pct < 0.1 ? 2 : 1);
  return `${sign(fraction, options.signed ?? false)}${grouped({ min: 0, max: digits }).format(pct)}%`;
}

/** Above this many times the baseline a change reads "new": +456,023.6% says nothing. */
const NEAR_ZERO_BASELINE_FACTOR = 100;

/**
 * Change against a baseline, as a fraction: (current − previous) / previous. Null when the baseline
 * is too small to divide by (zero, or under a hundredth of the current value).
 */
export function changeFraction(current: number, previous: number): number | null {
  if (!isNumber(current) || !isNumber(previous)) return null;
  if (previous === 0 || Math.abs(previous) * NEAR_ZERO_BASELINE_FACTOR < Math.abs(current)) return null;
  return (current - previous) / Math.abs(previous);
}

/** "+12.3%", "−4%", "new" (a baseline near zero), "n/a" (nothing either side), "0%". */
export function formatChange(current: number | null | undefined, previous: number | null | undefined): string {
  if (!isNumber(current) || !isNumber(previous)) return "n/a";
  if (current === 0 && previous === 0) return "0%";
  const change = changeFraction(current, previous);
  if (change === null) return current === 0 ? "n/a" : "new";
  return formatPercent(change, { signed: true });
}

/** A change already given in percent by an API (null = no baseline). */
export function formatChangePct(pct: number | null | undefined): string {
  if (pct === null || pct === undefined) return "new";
  if (!Number.isFinite(pct) || Math.abs(pct) >= (NEAR_ZERO_BASELINE_FACTOR - 1) * 100) return "new";
  return formatPercent(pct / 100, { signed: true });
}

/** Scores and other unitless values: up to three decimals, trailing zeros dropped. */
export const formatScore = (v: number | null | undefined): string =>
  isNumber(v) ? `${sign(v, false)}${grouped({ min: 0, max: 3 }).format(Math.abs(v))}` : DASH;

/** Durations: "0.42 ms", "850 ms", "1.25 s", "12.5 s", "3 min 5 s", "2 h 5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNumber(ms)) return DASH;
  const s = sign(ms, false);
  const abs = Math.abs(ms);
  if (abs < 1) return `${s}${abs.toFixed(2)} ms`;
  if (abs < 1000) return `${s}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${s}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(abs / 1000);
  if (totalSeconds < 3600) return `${s}${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
  return `${s}${Math.floor(totalSeconds / 3600)} h ${Math.floor((totalSeconds % 3600) / 60)} min`;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes)) return DASH;
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sign(bytes, false)}${unit === 0 ? value : trim(value, 1)} ${UNITS[unit]}`;
}
