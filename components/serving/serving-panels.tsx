import { formatBytes, formatCount, formatDuration, formatPercent } from "@/lib/format/number";
import { GPU_METRIC_NAMES, LATENCY_FIGURE_KEYS, LATENCY_FIGURES, TOKEN_USAGE_METRIC } from "@/lib/metrics/metric-names";
import type { GpuSeries } from "@/lib/metrics/read-gpu-metrics";
import type { LatencyFigureResult } from "@/lib/metrics/read-serving-metrics";
import { Table } from "@/components/ui/table";

const ms = (value: number | null) => (value === null ? "–" : formatDuration(value));
const names = (list: readonly string[]) =>
  list.map((n, i) => (
    <span key={n}>
      {i > 0 && ", "}
      <code>{n}</code>
    </span>
  ));

/** p50 and p95 of each latency figure, with the metrics they came from. */
export function LatencyTiles({ figures }: { figures: Record<string, LatencyFigureResult> }) {
  return (
    <div className="grid grid-cols-[repeat(auto-fit,minmax(180px,1fr))] gap-4">
      {LATENCY_FIGURE_KEYS.map((key) => {
        const f = figures[key]!;
        return (
          <div key={key} data-testid={`latency-${key}`}>
            <div className="text-sm text-muted-foreground">{f.label}</div>
            <div className="text-xl font-semibold tabular-nums">
              {ms(f.p50Ms)} <span className="text-muted-foreground text-base">p50</span>
            </div>
            <div>
              {ms(f.p95Ms)} <span className="text-muted-foreground">p95</span> · {formatCount(f.count)} observed
            </div>
            {f.byModel.length > 1 && (
              <div className="text-sm text-muted-foreground">
                {f.byModel
                  .slice(0, 3)
                  .map((m) => `${m.model}: ${ms(m.p95Ms)} p95`)
                  .join("; ")}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

export function NoLatencyMetrics() {
  return (
    <p data-testid="serving-empty">
      No serving-engine latency in this period. Send the histograms{" "}
      {LATENCY_FIGURE_KEYS.map((key, i) => (
        <span key={key}>
          {i > 0 && "; "}
          {LATENCY_FIGURES[key].label.toLowerCase()}: {names(LATENCY_FIGURES[key].names)}
        </span>
      ))}
      , and <code>{TOKEN_USAGE_METRIC}</code> for token usage, to <code>/v1/metrics</code>.
    </p>
  );
}

export function NoGpuMetrics() {
  return (
    <p data-testid="gpu-empty">
      No GPU metrics in this period. Send {names(GPU_METRIC_NAMES)} (OpenTelemetry <code>hw.gpu.*</code> per{" "}
      <code>hw.id</code>, or the NVIDIA DCGM exporter through a collector&apos;s Prometheus receiver) to{" "}
      <code>/v1/metrics</code>.
    </p>
  );
}

/** The latest reading of each GPU. */
export function GpuTable({ gpus }: { gpus: GpuSeries[] }) {
  return (
    <Table>
      <thead>
        <tr>
          <th>GPU</th>
          <th>Model</th>
          <th>Pod</th>
          <th>Utilization</th>
          <th>Memory used / total</th>
        </tr>
      </thead>
      <tbody>
        {gpus.map((g) => (
          <tr key={g.id}>
            <td>
              {g.host || "(unknown host)"} · {g.gpuIndex ? `GPU ${g.gpuIndex}` : "GPU"}
              {g.gpuUuid && (
                <div className="text-sm text-muted-foreground">
                  <code>{g.gpuUuid}</code>
                </div>
              )}
            </td>
            <td>{g.model || "–"}</td>
            <td>{g.pod ? `${g.namespace ? `${g.namespace}/` : ""}${g.pod}` : "–"}</td>
            <td>
              {g.latest?.utilizationPct === null || g.latest?.utilizationPct === undefined
                ? "–"
                : formatPercent(g.latest.utilizationPct / 100, { digits: 0 })}
            </td>
            <td>
              {g.latest?.memoryUsedBytes == null ? "–" : formatBytes(g.latest.memoryUsedBytes)}
              {g.latest?.memoryTotalBytes == null ? "" : ` / ${formatBytes(g.latest.memoryTotalBytes)}`}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
