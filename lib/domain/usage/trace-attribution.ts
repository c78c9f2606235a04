import type { SpanRow } from "@/lib/domain/span/span-row";

// Which tenant and feature a span counts under: its own, else its trace's. The trace's is the
// root span's value if the root has one, else another span's. The `traces` rollup's view
// (migration 0002: argMax over (has a value, is the root)) is the SQL twin of traceAttribution;
// lib/usage/attribution-parity.test.ts holds them equal. Usage rows, score attribution, the
// trace detail and the usage rebuild all take it from here or from that rollup.

type AttributedSpan = Pick<SpanRow, "parent_span_id" | "tenant" | "feature">;

export type Attribution = { tenant: string; feature: string };

/** The trace's tenant and feature as the `traces` rollup resolves them. */
export function traceAttribution(spans: AttributedSpan[]): Attribution {
  const pick = (field: "tenant" | "feature") => {
    const root = spans.find((s) => s.parent_span_id === "" && s[field] !== "");
    return (root ?? spans.find((s) => s[field] !== ""))?.[field] ?? "";
  };
  return { tenant: pick("tenant"), feature: pick("feature") };
}

/** A span's own tenant and feature where it has them, else its trace's. */
export function attributed(span: Pick<SpanRow, "tenant" | "feature">, trace: Attribution): Attribution {
  return { tenant: span.tenant || trace.tenant, feature: span.feature || trace.feature };
}
