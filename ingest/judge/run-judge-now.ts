import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { runJudge, type JudgeRun } from "@/ingest/judge/run-judge";

/** The "Run now" button: one pass even when the judge is disabled, to try a configuration (it spends the judge's tokens). */
export async function runJudgeNow({ ctx }: { ctx: ProjectContext }): Promise<JudgeRun> {
  requirePermission(ctx, "settings.manage");
  return runJudge(ctx.projectId, { force: true });
}
