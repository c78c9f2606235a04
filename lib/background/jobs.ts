import "server-only";
import { db, schema } from "@/db/postgres/client";
import { evaluateProject } from "@/lib/alerts/evaluate";
import { runJudge } from "@/lib/judge/run-judge";
import { resolveScores } from "@/lib/scores/resolve-scores";
import { takeLease } from "./lease";

// Periodic work of the server, each job on one replica at a time (a lease in Postgres), one
// project after the other; a failing project is logged and does not stop the others.
//   scores.resolve: attribute scores whose trace arrived late (SCORE_RESOLVE_INTERVAL_S, 30 s)
//   alerts: evaluate every enabled alert rule (ALERT_EVAL_INTERVAL_S, 60 s)
//   judge: LLM-as-judge on sampled new traces, for projects that enabled it (JUDGE_INTERVAL_S, 60 s)

type Job = { name: string; intervalS: number; perProject: (projectId: string) => Promise<unknown> };

const seconds = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const JOBS: Job[] = [
  { name: "scores.resolve", intervalS: seconds("SCORE_RESOLVE_INTERVAL_S", 30), perProject: (id) => resolveScores(id) },
  { name: "alerts", intervalS: seconds("ALERT_EVAL_INTERVAL_S", 60), perProject: (id) => evaluateProject(id) },
  { name: "judge", intervalS: seconds("JUDGE_INTERVAL_S", 60), perProject: (id) => runJudge(id) },
];

export async function runJobOnce(job: Job): Promise<void> {
  if (!(await takeLease(`job:${job.name}`, job.intervalS * 2_000))) return;
  const projects = await (await db()).select({ id: schema.projects.id }).from(schema.projects);
  for (const { id } of projects) {
    await job.perProject(id).catch((error: unknown) => console.error(`[jobs] ${job.name} failed for project ${id}: ${(error as Error).message}`));
  }
}

/** Starts every job's timer once per process; a pass never overlaps the previous one. */
export function startBackgroundJobs(): void {
  const holder = globalThis as unknown as { __jobsStarted?: boolean };
  if (holder.__jobsStarted) return;
  holder.__jobsStarted = true;
  for (const job of JOBS) {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      runJobOnce(job)
        .catch((error: unknown) => console.error(`[jobs] ${job.name}: ${(error as Error).message}`))
        .finally(() => (running = false));
    }, job.intervalS * 1000);
    timer.unref();
  }
}
