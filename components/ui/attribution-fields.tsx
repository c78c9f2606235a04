import { SPAN_KINDS } from "@/lib/domain/span/span-row";
import type { AttributionValues } from "@/lib/usage/attribution-values";
import { Input } from "./input";
import { Field } from "./label";
import { Select } from "./select";

type Current = { tenant?: string; feature?: string; model?: string; kind?: string };

/**
 * Tenant, feature, model and span-kind fields shared by the GET filter forms; the text fields
 * suggest the values seen lately (a datalist, so any other value can still be typed).
 */
export function AttributionFields({
  current,
  suggestions,
}: {
  current: Current;
  suggestions?: AttributionValues | null;
}) {
  const list = (id: string, values: string[] | undefined) =>
    values && values.length > 0 ? (
      <datalist id={id}>
        {values.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
    ) : null;
  return (
    <>
      <Field>
        Tenant
        <Input name="tenant" list="suggest-tenant" defaultValue={current.tenant} size={10} autoComplete="off" />
      </Field>
      <Field>
        Feature
        <Input name="feature" list="suggest-feature" defaultValue={current.feature} size={10} autoComplete="off" />
      </Field>
      <Field>
        Model
        <Input name="model" list="suggest-model" defaultValue={current.model} size={12} autoComplete="off" />
      </Field>
      {list("suggest-tenant", suggestions?.tenants)}
      {list("suggest-feature", suggestions?.features)}
      {list("suggest-model", suggestions?.models)}
      <Field>
        Span kind
        <Select name="kind" defaultValue={current.kind ?? ""}>
          <option value="">any</option>
          {SPAN_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </Select>
      </Field>
    </>
  );
}
