import type { DrillNode } from "@/lib/finance/cost-drilldown";
import { formatUsd } from "@/lib/format/number";

const label = (name: string, empty: string) => name || empty;

/** Tenant → feature → model cost, as nested disclosures (no script needed; prints open). */
export function CostDrilldown({ tenants }: { tenants: DrillNode[] }) {
  if (tenants.length === 0) return <p className="text-muted-foreground">No AI cost in this month.</p>;
  return (
    <ul
      className="m-0 list-none pl-0 [&_summary]:cursor-pointer [&_ul]:list-none [&_ul]:pl-5"
      aria-label="Cost by tenant, feature and model"
    >
      {tenants.map((t) => (
        <li key={t.name}>
          <details>
            <summary>
              {label(t.name, "(no tenant)")} {formatUsd(t.costUsd)}
            </summary>
            <ul>
              {(t.children ?? []).map((f) => (
                <li key={f.name}>
                  <details>
                    <summary>
                      {label(f.name, "(no feature)")} {formatUsd(f.costUsd)}
                    </summary>
                    <ul>
                      {(f.children ?? []).map((m) => (
                        <li key={m.name}>
                          {label(m.name, "(no model)")} {formatUsd(m.costUsd)}
                        </li>
                      ))}
                    </ul>
                  </details>
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}
