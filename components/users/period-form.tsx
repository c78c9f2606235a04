import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { TIME_RANGES } from "@/lib/traces/search-params";

/** Period and tenant of the end-user pages, as a plain GET form. */
export function PeriodForm({ range, tenant }: { range: string; tenant: string | undefined }) {
  return (
    <form className={cn(cardClass, "flex flex-wrap items-end gap-3")} method="get" aria-label="Period">
      <Field>
        Period
        <Select name="range" defaultValue={range}>
          {Object.keys(TIME_RANGES).map((r) => (
            <option key={r} value={r}>
              Last {r}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        Tenant
        <Input name="tenant" defaultValue={tenant ?? ""} />
      </Field>
      <Button type="submit">Apply</Button>
    </form>
  );
}
