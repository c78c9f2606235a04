import "server-only";
import type { ProjectContext } from "@/lib/auth/context";
import { requirePermission } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { monthRange, round } from "./margins";

export type DrillNode = { name: string; costUsd: number; children?: DrillNode[] };

/** Nests (tenant, feature, model, cost) rows into tenant → feature → model, largest cost first at each level. */
export function nestCost(
  rows: Array<{ tenant: string; feature: string; model: string; costUsd: number }>,
): DrillNode[] {
  const tenants = new Map<string, Map<string, Map<string, number>>>();
  for (const r of rows) {
    const features = tenants.get(r.tenant) ?? new Map<string, Map<string, number>>();
    const models = features.get(r.feature) ?? new Map<string, number>();
    models.set(r.model, (models.get(r.model) ?? 0) + r.costUsd);
    features.set(r.feature, models);
    tenants.set(r.tenant, features);
  }
  const sorted = (nodes: DrillNode[]) => nodes.sort((a, b) => b.costUsd - a.costUsd || a.name.localeCompare(b.name));
  const sum = (nodes: DrillNode[]) => round(nodes.reduce((s, n) => s + n.costUsd, 0));
  return sorted(
    [...tenants].map(([tenant, features]) => {
      const children = sorted(
        [...features].map(([feature, models]) => {
          const leaves = sorted([...models].map(([model, cost]) => ({ name: model, costUsd: round(cost) })));
          return { name: feature, costUsd: sum(leaves), children: leaves };
        }),
      );
      return { name: tenant, costUsd: sum(children), children };
    }),
  );
}

/** The month's cost per tenant, then feature, then model: what sits under each margin row. */
export async function costDrilldown({ ctx, month }: { ctx: ProjectContext; month: string }) {
  requirePermission(ctx, "finance.read");
  const { from, to } = monthRange(month);
  const cost = await costMetrics({ ctx, query: { from, to, groupBy: ["tenant", "feature", "model"] } });
  return {
    month,
    data: nestCost(
      cost.data.map((c) => ({
        tenant: c.tenant ?? "",
        feature: c.feature ?? "",
        model: c.model ?? "",
        costUsd: c.costUsd,
      })),
    ),
  };
}
