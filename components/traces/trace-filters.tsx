import Link from "next/link";
import { AttributionFields } from "@/components/ui/attribution-fields";
import { TIME_RANGES, traceListHref } from "@/lib/traces/search-params";
import type { AttributionValues } from "@/lib/usage/attribution-values";

type Current = Record<string, string | undefined>;

/**
 * A plain GET form: the filters are the URL, so every view can be shared as a link. Keyed by the
 * URL's state so that after a link (Failed, a drill-down) the fields show what is applied.
 */
export function TraceFilters({
  current,
  canSearch,
  suggestions,
}: {
  current: Current;
  canSearch: boolean;
  suggestions?: AttributionValues | null;
}) {
  return (
    <form
      key={JSON.stringify(current)}
      className="panel form-row"
      method="get"
      action="/traces"
      aria-label="Trace filters"
    >
      <label>
        Time range
        <select name="range" defaultValue={current.range ?? "30d"}>
          {Object.keys(TIME_RANGES).map((r) => (
            <option key={r} value={r}>
              last {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select name="status" defaultValue={current.status ?? ""}>
          <option value="">any</option>
          <option value="error">error</option>
          <option value="ok">ok</option>
        </select>
      </label>
      <AttributionFields current={current} suggestions={suggestions} />
      <label>
        Duration ≥ ms
        <input
          name="minDurationMs"
          type="number"
          min={0}
          defaultValue={current.minDurationMs}
          style={{ width: "7em" }}
        />
      </label>
      <label>
        Cost ≥ $
        <input
          name="minCostUsd"
          type="number"
          min={0}
          step="any"
          defaultValue={current.minCostUsd}
          style={{ width: "6em" }}
        />
      </label>
      {canSearch && (
        <label>
          Search
          <input name="q" type="search" defaultValue={current.q} placeholder="names and payloads" />
        </label>
      )}
      <button type="submit">Apply</button>
      <Link className="button secondary" href={traceListHref(current, { status: "error", cursor: null })}>
        Failed
      </Link>
      <Link href="/traces">Clear</Link>
    </form>
  );
}
