import Link from "next/link";
import { RangeSelect } from "@/components/ui/range-select";
import { SPLIT_DIMENSIONS, type QualityParams } from "@/lib/quality/quality-view";

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
      className="panel form-row"
      method="get"
      action="/quality"
      aria-label="Quality filters"
    >
      <RangeSelect value={params.range} />
      <label>
        Score
        <select name="name" defaultValue={params.name ?? shownName ?? ""}>
          {names.length === 0 && <option value="">no scores yet</option>}
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <label>
        Split by
        <select name="split" defaultValue={params.split}>
          {SPLIT_DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABEL[d]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <input name="model" defaultValue={params.model} size={12} />
      </label>
      <label>
        Prompt version
        <input name="promptVersion" defaultValue={params.promptVersion} size={10} placeholder="name@version" />
      </label>
      <label>
        Feature
        <input name="feature" defaultValue={params.feature} size={10} />
      </label>
      <label>
        Tenant
        <input name="tenant" defaultValue={params.tenant} size={10} />
      </label>
      <label>
        Source
        <select name="source" defaultValue={params.source ?? ""}>
          <option value="">any</option>
          {["api", "feedback", "judge", "rule"].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <input type="hidden" name="compare" value={params.compare} />
      <button type="submit">Apply</button>
      <Link href="/quality">Clear</Link>
    </form>
  );
}
