import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { orphanedScores } from "./resolve-scores";

/** `GET /api/v1/scores?status=orphaned`: scores whose trace never arrived. */
export async function listOrphanedScores({ ctx, limit }: { ctx: ProjectContext; limit?: number }) {
  requirePermission(ctx, "project.read");
  return orphanedScores(ctx.projectId, { limit });
}
