import { SPAN_KINDS } from "@/lib/domain/span/span-row";

type Current = { tenant?: string; feature?: string; model?: string; kind?: string };

/** Tenant, feature, model and span-kind fields shared by the GET filter forms. */
export function AttributionFields({ current }: { current: Current }) {
  return (
    <>
      <label>Tenant<input name="tenant" defaultValue={current.tenant} size={10} /></label>
      <label>Feature<input name="feature" defaultValue={current.feature} size={10} /></label>
      <label>Model<input name="model" defaultValue={current.model} size={12} /></label>
      <label>Span kind
        <select name="kind" defaultValue={current.kind ?? ""}>
          <option value="">any</option>
          {SPAN_KINDS.map((k) => <option key={k}>{k}</option>)}
        </select>
      </label>
    </>
  );
}
