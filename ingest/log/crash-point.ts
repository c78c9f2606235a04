import { env, type CrashPoint } from "@/lib/config/env";

// For the crash tests only (INGEST_CRASH_AT): the process kills itself where a real crash would
// hurt most, with SIGKILL, so that no handler, flush or finally block runs.
export function crashPoint(point: CrashPoint): void {
  if (env().ingestLog.crashAt === point) process.kill(process.pid, "SIGKILL");
}
