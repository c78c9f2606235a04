import Link from "next/link";
import { AttributionFields } from "@/components/ui/attribution-fields";
import { TIME_RANGES, traceListHref } from "@/lib/traces/search-params";
import type { AttributionValues } from "@/lib/usage/attribution-values";
import { Button, buttonVariants } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

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
      className={cn(cardClass, "flex flex-wrap items-end gap-3")}
      method="get"
      action="/traces"
      aria-label="Trace filters"
    >
      <Field>
        Time range
        <Select name="range" defaultValue={current.range ?? "30d"}>
          {Object.keys(TIME_RANGES).map((r) => (
            <option key={r} value={r}>
              last {r}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        Status
        <Select name="status" defaultValue={current.status ?? ""}>
          <option value="">any</option>
          <option value="error">error</option>
          <option value="ok">ok</option>
        </Select>
      </Field>
      <AttributionFields current={current} suggestions={suggestions} />
      <Field>
        Duration ≥ ms
        <Input className="w-[7em]" name="minDurationMs" type="number" min={0} defaultValue={current.minDurationMs} />
      </Field>
      <Field>
        Cost ≥ $
        <Input
          className="w-[6em]"
          name="minCostUsd"
          type="number"
          min={0}
          step="any"
          defaultValue={current.minCostUsd}
        />
      </Field>
      {canSearch && (
        <Field>
          Search
          <Input name="q" type="search" defaultValue={current.q} placeholder="names and payloads" />
        </Field>
      )}
      <Button type="submit">Apply</Button>
      <Link
        className={buttonVariants({ variant: "secondary" })}
        href={traceListHref(current, { status: "error", cursor: null })}
      >
        Failed
      </Link>
      <Link href="/traces">Clear</Link>
    </form>
  );
}
