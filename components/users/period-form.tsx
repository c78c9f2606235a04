import { TIME_RANGES } from "@/lib/traces/search-params";

/** Period and tenant of the end-user pages, as a plain GET form. */
export function PeriodForm({ range, tenant }: { range: string; tenant: string | undefined }) {
  return (
    <form className="form-row panel" method="get" aria-label="Period">
      <label>
        Period
        <select name="range" defaultValue={range}>
          {Object.keys(TIME_RANGES).map((r) => (
            <option key={r} value={r}>
              Last {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tenant
        <input name="tenant" defaultValue={tenant ?? ""} />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
