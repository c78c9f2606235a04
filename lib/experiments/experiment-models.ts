import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { rerunModels } from "@/lib/replay/recorded-step";

/** The models a variant may name: the project endpoint's model and its allowed ones. */
export async function experimentModels({ ctx }: { ctx: ProjectContext }): Promise<string[]> {
  requirePermission(ctx, "experiments.run");
  return rerunModels(ctx.projectId);
}
