import Link from "next/link";
import { RangeSelect } from "@/components/ui/range-select";
import { AttributionFields } from "@/components/ui/attribution-fields";
import { EXPLORER_DIMENSIONS, type ExplorerParams } from "@/lib/cost/cost-explorer";
import type { AttributionValues } from "@/lib/usage/attribution-values";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Input } from "@/components/ui/input";

/** A plain GET form: the explorer's state is its URL (keyed by it, so a drill-down shows in the fields). */
export function CostFilters({
  params,
  suggestions,
}: {
  params: ExplorerParams;
  suggestions?: AttributionValues | null;
}) {
  return (
    <form
      key={JSON.stringify(params)}
      className={cn(cardClass, "flex flex-wrap items-end gap-3")}
      method="get"
      action="/cost"
      aria-label="Cost filters"
    >
      <RangeSelect value={params.range} />
      <Field>
        Interval
        <Select name="interval" defaultValue={params.interval ?? ""}>
          <option value="">auto</option>
          <option value="hour">hour</option>
          <option value="day">day</option>
          <option value="month">month</option>
        </Select>
      </Field>
      <Field>
        Break down by
        <Select name="by" defaultValue={params.by}>
          {EXPLORER_DIMENSIONS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </Select>
      </Field>
      <AttributionFields current={params} suggestions={suggestions} />
      <Field>
        End user
        <Input name="user" defaultValue={params.user ?? ""} />
      </Field>
      <Button type="submit">Apply</Button>
      <Link href="/cost">Clear</Link>
    </form>
  );
}
