import type { LogFn } from "pino";
import { env } from "@/lib/config/env";
import { rootLogger } from "./shared.mjs";

type Level = "fatal" | "error" | "warn" | "info" | "debug";

// Made on first call, not at import: tests set their environment after their imports.
const at = (level: Level): LogFn =>
  ((...args: Parameters<LogFn>) => rootLogger(env().logLevel)[level](...args)) as LogFn;

/**
 * Structured logging: `log.error({ err, route }, "message")`. Lines written while a request is
 * handled carry its `requestId` (lib/log/request-context.ts).
 */
export const log = { fatal: at("fatal"), error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };

/** For fire-and-forget calls: `void job().catch(logged("alerts", "delivery failed"))`. */
export function logged(area: string, message: string, fields: Record<string, unknown> = {}): (err: unknown) => void {
  return (err) => log.error({ err, area, ...fields }, message);
}
