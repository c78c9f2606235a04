import path from "node:path";
import { z } from "zod";

// All configuration in one place, validated once. Empty strings count as unset so that
// `FOO= npm start` behaves like leaving FOO out.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const envSchema = z.object({
  DATA_DIR: optional,
  PORT: optional,
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
  INIT_ADMIN_EMAIL: optional,
  INIT_ADMIN_PASSWORD: optional,
  DEMO_DATA: optional,
  METRICS_RETENTION_DAYS: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(3650).optional()),
});

export type AppEnv = {
  dataDir: string;
  port: number;
  clickhouse: { url?: string; user?: string; password?: string; database: string; cluster?: string };
  databaseUrl?: string;
  authSecret?: string;
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string };
  init: { projectName?: string; projectApiKey?: string; adminEmail?: string; adminPassword?: string };
  demoData: boolean;
  /** How long OTLP metric points are kept (the metric_points TTL, set per point when written). */
  metricsRetentionDays: number;
};

export function readEnv(source: NodeJS.ProcessEnv = process.env): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  const oidcSet = [e.AUTH_OIDC_ISSUER, e.AUTH_OIDC_CLIENT_ID, e.AUTH_OIDC_CLIENT_SECRET];
  if (oidcSet.some(Boolean) && !oidcSet.every(Boolean)) {
    throw new Error("Invalid configuration: AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET go together");
  }
  const database = e.CLICKHOUSE_DATABASE ?? "observatory";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw new Error("Invalid configuration: CLICKHOUSE_DATABASE must be a plain identifier");
  }
  return {
    dataDir: path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR ?? ".data"),
    port: Number(e.PORT ?? 3000),
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
      adminEmail: e.INIT_ADMIN_EMAIL,
      adminPassword: e.INIT_ADMIN_PASSWORD,
    },
    demoData: e.DEMO_DATA !== "0" && e.DEMO_DATA !== "false",
    metricsRetentionDays: e.METRICS_RETENTION_DAYS ?? 30,
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
