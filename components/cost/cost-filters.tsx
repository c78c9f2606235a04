import Link from "next/link";
import { RangeSelect } from "@/components/ui/range-select";
import { AttributionFields } from "@/components/ui/attribution-fields";
import { EXPLORER_DIMENSIONS, type ExplorerParams } from "@/lib/cost/cost-explorer";
import type { AttributionValues } from "@/lib/usage/attribution-values";

/** A plain GET form: the explorer's state is its URL (keyed by it, so a drill-down shows in the fields). */
export function CostFilters({
  params,
  suggestions,
}: {
  params: ExplorerParams;
  suggestions?: AttributionValues | null;
}) {
  return (
    <form key={JSON.stringify(params)} className="panel form-row" method="get" action="/cost" aria-label="Cost filters">
      <RangeSelect value={params.range} />
      <label>
        Interval
        <select name="interval" defaultValue={params.interval ?? ""}>
          <option value="">auto</option>
          <option value="hour">hour</option>
          <option value="day">day</option>
          <option value="month">month</option>
        </select>
      </label>
      <label>
        Break down by
        <select name="by" defaultValue={params.by}>
          {EXPLORER_DIMENSIONS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <AttributionFields current={params} suggestions={suggestions} />
      <label>
        End user
        <input name="user" defaultValue={params.user ?? ""} />
      </label>
      <button type="submit">Apply</button>
      <Link href="/cost">Clear</Link>
    </form>
  );
}
