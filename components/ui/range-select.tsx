import { EXPLORER_RANGES } from "@/lib/cost/cost-explorer";
import { Field } from "./label";
import { Select } from "./select";

/** The "last 24h / 7d / 30d / 90d" period field of the GET filter forms. */
export function RangeSelect({ value }: { value: string }) {
  return (
    <Field>
      Period
      <Select name="range" defaultValue={value}>
        {Object.keys(EXPLORER_RANGES).map((r) => (
          <option key={r} value={r}>
            last {r}
          </option>
        ))}
      </Select>
    </Field>
  );
}
