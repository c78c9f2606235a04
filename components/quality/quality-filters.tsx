import Link from "next/link";
import { RangeSelect } from "@/components/ui/range-select";
import { SPLIT_DIMENSIONS, type QualityParams } from "@/lib/quality/quality-view";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

export const DIMENSION_LABEL: Record<string, string> = {
  model: "model",
  promptVersion: "prompt version",
  feature: "feature",
  tenant: "tenant",
};

/** A plain GET form: the page's state is its URL. */
/** `shownName` is the score the page shows when none is chosen (the first), so the picker never says "(first)". */
export function QualityFilters({
  params,
  names,
  shownName,
}: {
  params: QualityParams;
  names: string[];
  shownName?: string;
}) {
  return (
    <form
      key={JSON.stringify(params)}
      className={cn(cardClass, "flex flex-wrap items-end gap-3")}
      method="get"
      action="/quality"
      aria-label="Quality filters"
    >
      <RangeSelect value={params.range} />
      <Field>
        Score
        <Select name="name" defaultValue={params.name ?? shownName ?? ""}>
          {names.length === 0 && <option value="">no scores yet</option>}
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </Select>
      </Field>
      <Field>
        Split by
        <Select name="split" defaultValue={params.split}>
          {SPLIT_DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABEL[d]}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        Model
        <Input name="model" defaultValue={params.model} size={12} />
      </Field>
      <Field>
        Prompt version
        <Input name="promptVersion" defaultValue={params.promptVersion} size={10} placeholder="name@version" />
      </Field>
      <Field>
        Feature
        <Input name="feature" defaultValue={params.feature} size={10} />
      </Field>
      <Field>
        Tenant
        <Input name="tenant" defaultValue={params.tenant} size={10} />
      </Field>
      <Field>
        Source
        <Select name="source" defaultValue={params.source ?? ""}>
          <option value="">any</option>
          {["api", "feedback", "judge", "rule"].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </Select>
      </Field>
      <Input type="hidden" name="compare" value={params.compare} />
      <Button type="submit">Apply</Button>
      <Link href="/quality">Clear</Link>
    </form>
  );
}
