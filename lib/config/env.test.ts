import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("configuration", () => {
  it("reads defaults and refuses a malformed number by its name", () => {
    const config = readEnv({});
    expect(config.scores.graceMinutes).toBe(15);
    expect(config.jobs).toEqual({
      scoreResolveS: 30,
      judgeS: 60,
      alertEvalS: 60,
      retentionS: 3600,
      reviewMailS: 600,
      baselinesS: 3600,
    });
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.init.projectApiKeyScopes).toEqual(["ingest", "read", "write"]);
    expect(readEnv({ NEXTAUTH_URL: "https://obs.example.com/", SCORE_GRACE_MINUTES: "5" })).toMatchObject({
      publicUrl: "https://obs.example.com",
      scores: { graceMinutes: 5 },
    });
    expect(() => readEnv({ SCORE_GRACE_MINUTES: "soon" })).toThrow(
      "Invalid configuration: SCORE_GRACE_MINUTES: must be a positive number",
    );
    expect(() => readEnv({ ALERT_EVAL_INTERVAL_S: "0" })).toThrow(/ALERT_EVAL_INTERVAL_S/);
    expect(() => readEnv({ INIT_PROJECT_API_KEY_SCOPES: "ingest,admin" })).toThrow(/admin/);
    expect(() => readEnv({ PORT: "http" })).toThrow(/PORT: must be a port/);
    expect(() => readEnv({ PORT: "70000" })).toThrow(/PORT/);
    expect(readEnv({ PORT: "8080" }).port).toBe(8080);
  });

  it("reads the log level, refusing one pino does not know", () => {
    expect(readEnv({}).logLevel).toBe("info");
    expect(readEnv({ LOG_LEVEL: "debug" }).logLevel).toBe("debug");
    expect(() => readEnv({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });

  it("bounds the ingest window so that one insert stays under 100 monthly partitions", () => {
    expect(readEnv({}).ingestWindow).toEqual({ maxPastDays: 1826, maxFutureMinutes: 60 });
    expect(readEnv({ INGEST_MAX_PAST_DAYS: "30", INGEST_MAX_FUTURE_MINUTES: "5" }).ingestWindow).toEqual({
      maxPastDays: 30,
      maxFutureMinutes: 5,
    });
    expect(() => readEnv({ INGEST_MAX_PAST_DAYS: "3650" })).toThrow(/INGEST_MAX_PAST_DAYS/);
    expect(() => readEnv({ INGEST_MAX_FUTURE_MINUTES: "-1" })).toThrow(/INGEST_MAX_FUTURE_MINUTES/);
  });
});
