import "server-only";
import { db, schema } from "@/db/postgres/client";
import { evaluateProject } from "@/lib/alerts/evaluate";
import { runJudge } from "@/ingest/judge/run-judge";
import { resolveScores } from "@/lib/scores/resolve-scores";
import { runRetention } from "@/lib/retention/retention-job";
import { env } from "@/lib/config/env";
import { settleAutoBaselines } from "@/lib/finance/feature-baselines";
import { mailMonthlyReview } from "@/lib/finance/review-mail";
import { releaseLease, takeLease } from "./lease";
import { log, logged } from "@/lib/log/logger";

// Periodic work of the server, each job on one replica at a time (a lease in Postgres), one
// project after the other; a failing project is logged and does not stop the others.
//   scores.resolve: attribute scores whose trace arrived late (SCORE_RESOLVE_INTERVAL_S, 30 s)
//   alerts: evaluate every enabled alert rule (ALERT_EVAL_INTERVAL_S, 60 s)
//   judge: LLM-as-judge on sampled new traces, for projects that enabled it (JUDGE_INTERVAL_S, 60 s)
//   retention: remove what outlived the project's retention (RETENTION_INTERVAL_S, 1 h)
//   baselines: store the auto baseline of features whose first 7 days are over (BASELINE_INTERVAL_S, 1 h)
//   review.mail: the monthly review to its subscribers from the month's first working day (REVIEW_MAIL_INTERVAL_S, 10 min)

type Job = { name: string; intervalS: number; perProject: (projectId: string) => Promise<unknown> };

export const jobs = (): Job[] => [
  { name: "scores.resolve", intervalS: env().jobs.scoreResolveS, perProject: (id) => resolveScores(id) },
  { name: "alerts", intervalS: env().jobs.alertEvalS, perProject: (id) => evaluateProject(id) },
  { name: "judge", intervalS: env().jobs.judgeS, perProject: (id) => runJudge(id) },
  { name: "retention", intervalS: env().jobs.retentionS, perProject: (id) => runRetention(id) },
  { name: "baselines", intervalS: env().jobs.baselinesS, perProject: (id) => settleAutoBaselines(id) },
  { name: "review.mail", intervalS: env().jobs.reviewMailS, perProject: (id) => mailMonthlyReview(id) },
];

export async function runJobOnce(job: Job): Promise<void> {
  if (!(await takeLease(`job:${job.name}`, job.intervalS * 2_000))) return;
  const projects = await (await db()).select({ id: schema.projects.id }).from(schema.projects);
  for (const { id } of projects) {
    await job
      .perProject(id)
      .catch((err: unknown) => log.error({ err, job: job.name, projectId: id }, "job failed for a project"));
  }
}

type Running = { timers: NodeJS.Timeout[]; passes: Set<Promise<void>>; names: string[] };
const holder = globalThis as unknown as { __jobs?: Running };

/** Starts every job's timer once per process; a pass never overlaps the previous one. */
export function startBackgroundJobs(): void {
  if (holder.__jobs) return;
  const running: Running = { timers: [], passes: new Set(), names: [] };
  holder.__jobs = running;
  for (const job of jobs()) {
    let busy = false;
    running.names.push(job.name);
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const pass = runJobOnce(job)
        .catch((err: unknown) => log.error({ err, job: job.name }, "job pass failed"))
        .finally(() => {
          busy = false;
          running.passes.delete(pass);
        });
      running.passes.add(pass);
    }, job.intervalS * 1000);
    timer.unref();
    running.timers.push(timer);
  }
}

/** At shutdown: no new passes, the running ones finish, and our leases go so another replica takes over at once. */
export async function stopBackgroundJobs(): Promise<void> {
  const running = holder.__jobs;
  if (!running) return;
  holder.__jobs = undefined;
  for (const timer of running.timers) clearInterval(timer);
  await Promise.all(running.passes);
  await Promise.all(
    running.names.map((name) =>
      releaseLease(`job:${name}`).catch(
        logged("jobs", "releasing a lease at shutdown failed; it expires on its own", { job: name }),
      ),
    ),
  );
}
