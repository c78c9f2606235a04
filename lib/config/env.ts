import path from "node:path";
import { z } from "zod";
import { parseScopeList, type ApiKeyScope } from "@/lib/domain/api-key-scopes";

// All configuration in one place, validated once. Empty strings count as unset so that
// `FOO= npm start` behaves like leaving FOO out.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
/** A positive number of seconds, minutes or milliseconds; anything else stops the start with the variable's name. */
const positive = z.preprocess(
  (v) => (v === "" || v === undefined ? undefined : Number(v)),
  z.number({ error: "must be a positive number" }).positive("must be a positive number").optional(),
);
const tcpPort = z.preprocess(
  (v) => (v === "" || v === undefined ? undefined : Number(v)),
  z
    .number({ error: "must be a port (1-65535)" })
    .int("must be a port (1-65535)")
    .min(1, "must be a port (1-65535)")
    .max(65535, "must be a port (1-65535)")
    .optional(),
);
/** pino's levels; `silent` turns logging off (the tests' default). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where a crash test may have the ingest process kill itself (INGEST_CRASH_AT, tests only). */
export const CRASH_POINTS = ["after-log-fsync", "after-prepared", "between-tables", "before-checkpoint"] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const envSchema = z.object({
  DATA_DIR: optional,
  PORT: tcpPort,
  LOG_LEVEL: z.preprocess((v) => (v === "" ? undefined : v), z.enum(LOG_LEVELS).optional()),
  CLICKHOUSE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  CLICKHOUSE_USER: optional,
  CLICKHOUSE_PASSWORD: optional,
  CLICKHOUSE_DATABASE: optional,
  CLICKHOUSE_CLUSTER: optional,
  DATABASE_URL: optional,
  AUTH_SECRET: optional,
  AUTH_OIDC_ISSUER: optional,
  AUTH_OIDC_CLIENT_ID: optional,
  AUTH_OIDC_CLIENT_SECRET: optional,
  AUTH_OIDC_NAME: optional,
  INIT_PROJECT_NAME: optional,
  INIT_PROJECT_API_KEY: optional,
  INIT_PROJECT_API_KEY_SCOPES: optional,
  INIT_ADMIN_EMAIL: optional,
  INIT_ADMIN_PASSWORD: optional,
  DEMO_DATA: optional,
  OBS_CUSTOM_SERVER: optional,
  NEXTAUTH_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  ENCRYPTION_KEY: optional,
  SCORE_GRACE_MINUTES: positive,
  SCORE_RESOLVE_INTERVAL_S: positive,
  JUDGE_INTERVAL_S: positive,
  RETENTION_INTERVAL_S: positive,
  ALERT_EVAL_INTERVAL_S: positive,
  ALERT_RETRY_BASE_MS: positive,
  ALERT_ALLOW_PRIVATE_URLS: optional,
  SMTP_URL: optional,
  SMTP_FROM: optional,
  MAIL_FROM: optional,
  REVIEW_MAIL_INTERVAL_S: positive,
  BASELINE_INTERVAL_S: positive,
  OTLP_GRPC_PORT: optional,
  METRICS_RETENTION_DAYS: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(3650).optional(),
  ),
  // Spans, logs and points are partitioned by month: 2555 days (84 months) plus the future
  // window keeps one insert under the engine's 100 partitions per insert.
  INGEST_MAX_PAST_DAYS: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(2555).optional(),
  ),
  INGEST_MAX_FUTURE_MINUTES: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(10_080).optional(),
  ),
  INGEST_LOG_SEGMENT_BYTES: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(4096).optional(),
  ),
  INGEST_LOG_MAX_BYTES: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(65_536).optional()),
  INGEST_LOG_MAX_LAG_SECONDS: positive,
  INGEST_ENCODER_THREADS: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(0).max(16).optional(),
  ),
  // Test-only: the crash tests name the point where the process kills itself (ingest/log/crash-point.ts).
  INGEST_CRASH_AT: z.preprocess((v) => (v === "" ? undefined : v), z.enum(CRASH_POINTS).optional()),
});

export type AppEnv = {
  dataDir: string;
  port: number;
  logLevel: LogLevel;
  clickhouse: { url?: string; user?: string; password?: string; database: string; cluster?: string };
  databaseUrl?: string;
  authSecret?: string;
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string };
  init: {
    projectName?: string;
    projectApiKey?: string;
    projectApiKeyScopes: ApiKeyScope[];
    adminEmail?: string;
    adminPassword?: string;
  };
  demoData: boolean;
  /** Set by server.mjs, which then owns SIGTERM and drains HTTP before the stores close. */
  customServer: boolean;
  /** The app's public URL (NEXTAUTH_URL), else this server's port on localhost; no trailing slash. */
  publicUrl: string;
  encryptionKey?: string;
  scores: { graceMinutes: number };
  jobs: {
    scoreResolveS: number;
    judgeS: number;
    alertEvalS: number;
    retentionS: number;
    reviewMailS: number;
    baselinesS: number;
  };
  /** The monthly review's e-mail: sender (MAIL_FROM, else SMTP_FROM); the SMTP server is SMTP_URL. */
  reviewMail: { from: string };
  /** allowPrivateUrls: channel URLs may reach private and loopback addresses (never link-local or metadata). */
  alerts: { retryBaseMs: number; smtpUrl?: string; smtpFrom: string; allowPrivateUrls: boolean };
  /** OTLP/gRPC listener; null when disabled (`0` or `off`). */
  otlpGrpcPort: number | null;
  /** How long OTLP metric points are kept (the metric_points TTL, set per point when written). */
  metricsRetentionDays: number;
  /** How far from now a span, log record or metric point may lie to be accepted (ingest/normalize/bounds.ts). */
  ingestWindow: { maxPastDays: number; maxFutureMinutes: number };
  /**
   * The durable ingest log under DATA_DIR/ingest-log (ingest/log): its segment size, the
   * bytes it may hold unapplied (then 503), the apply lag past which ingest answers 429, and
   * the test-only crash point.
   */
  ingestLog: { segmentBytes: number; maxBytes: number; maxLagSeconds: number; crashAt?: CrashPoint };
  /** Threads that decode, normalize and encode trace exports beside the main thread (0: on it, in turns). */
  ingestEncoderThreads: number;
};

/** OTLP_GRPC_PORT: default 4317; `0` or `off` disables the gRPC listener. */
function grpcPort(value: string | undefined): number | null {
  if (value === undefined) return 4317;
  if (value === "0" || value.toLowerCase() === "off") return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error("Invalid configuration: OTLP_GRPC_PORT must be a port (1-65535), 0 or off");
  return port;
}

export function readEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  const oidcSet = [e.AUTH_OIDC_ISSUER, e.AUTH_OIDC_CLIENT_ID, e.AUTH_OIDC_CLIENT_SECRET];
  if (oidcSet.some(Boolean) && !oidcSet.every(Boolean)) {
    throw new Error(
      "Invalid configuration: AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET go together",
    );
  }
  const database = e.CLICKHOUSE_DATABASE ?? "observatory";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw new Error("Invalid configuration: CLICKHOUSE_DATABASE must be a plain identifier");
  }
  return {
    dataDir: path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR ?? ".data"),
    port: e.PORT ?? 3000,
    logLevel: e.LOG_LEVEL ?? "info",
    clickhouse: {
      url: e.CLICKHOUSE_URL,
      user: e.CLICKHOUSE_USER,
      password: e.CLICKHOUSE_PASSWORD,
      database,
      cluster: e.CLICKHOUSE_CLUSTER,
    },
    databaseUrl: e.DATABASE_URL,
    authSecret: e.AUTH_SECRET,
    oidc: e.AUTH_OIDC_ISSUER
      ? {
          issuer: e.AUTH_OIDC_ISSUER,
          clientId: e.AUTH_OIDC_CLIENT_ID ?? "",
          clientSecret: e.AUTH_OIDC_CLIENT_SECRET ?? "",
          name: e.AUTH_OIDC_NAME ?? "Single sign-on",
        }
      : undefined,
    init: {
      projectName: e.INIT_PROJECT_NAME,
      projectApiKey: e.INIT_PROJECT_API_KEY,
      // Automation configures with the headless key, so it gets every scope unless told otherwise.
      projectApiKeyScopes: parseScopeList(e.INIT_PROJECT_API_KEY_SCOPES ?? "ingest,read,write"),
      adminEmail: e.INIT_ADMIN_EMAIL,
      adminPassword: e.INIT_ADMIN_PASSWORD,
    },
    demoData: e.DEMO_DATA !== "0" && e.DEMO_DATA !== "false",
    customServer: e.OBS_CUSTOM_SERVER === "1",
    publicUrl: (e.NEXTAUTH_URL ?? `http://localhost:${e.PORT ?? 3000}`).replace(/\/+$/, ""),
    encryptionKey: e.ENCRYPTION_KEY,
    scores: { graceMinutes: e.SCORE_GRACE_MINUTES ?? 15 },
    jobs: {
      scoreResolveS: e.SCORE_RESOLVE_INTERVAL_S ?? 30,
      judgeS: e.JUDGE_INTERVAL_S ?? 60,
      alertEvalS: e.ALERT_EVAL_INTERVAL_S ?? 60,
      retentionS: e.RETENTION_INTERVAL_S ?? 3600,
      reviewMailS: e.REVIEW_MAIL_INTERVAL_S ?? 600,
      baselinesS: e.BASELINE_INTERVAL_S ?? 3600,
    },
    reviewMail: { from: e.MAIL_FROM ?? e.SMTP_FROM ?? "finance@observatory.local" },
    alerts: {
      retryBaseMs: e.ALERT_RETRY_BASE_MS ?? 1000,
      smtpUrl: e.SMTP_URL,
      smtpFrom: e.SMTP_FROM ?? "alerts@observatory.local",
      allowPrivateUrls: e.ALERT_ALLOW_PRIVATE_URLS === "1" || e.ALERT_ALLOW_PRIVATE_URLS === "true",
    },
    otlpGrpcPort: grpcPort(e.OTLP_GRPC_PORT),
    metricsRetentionDays: e.METRICS_RETENTION_DAYS ?? 30,
    ingestWindow: { maxPastDays: e.INGEST_MAX_PAST_DAYS ?? 1826, maxFutureMinutes: e.INGEST_MAX_FUTURE_MINUTES ?? 60 },
    ingestLog: {
      segmentBytes: e.INGEST_LOG_SEGMENT_BYTES ?? 64 * 1024 * 1024,
      maxBytes: e.INGEST_LOG_MAX_BYTES ?? 4 * 1024 * 1024 * 1024,
      maxLagSeconds: e.INGEST_LOG_MAX_LAG_SECONDS ?? 60,
      crashAt: e.INGEST_CRASH_AT,
    },
    ingestEncoderThreads: e.INGEST_ENCODER_THREADS ?? 1,
  };
}

let cached: AppEnv | undefined;
export function env(): AppEnv {
  cached ??= readEnv();
  return cached;
}

/** For tools that switch data directories within one process (the benchmarks). */
export function reloadEnv(): void {
  cached = undefined;
}
