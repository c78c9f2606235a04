// Display formats shared by the pages.
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (value === 0) return "$0";
  return value < 0.01 ? `$${value.toFixed(5)}` : `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

export const formatCount = (n: number) => n.toLocaleString("en-US");

export const formatTime = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, "Z").replace("Z", " UTC");
