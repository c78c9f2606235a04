import { beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "@/app/api/v1/settings/ingest/route";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { listLogs, listLogsQuery } from "@/lib/logs/list-logs";
import { makeProject } from "@/lib/testing/factories";
import { kv, otlpJson, postJson, spanId, traceId } from "@/lib/testing/otlp";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraces } from "@/lib/traces/list-traces";
import { handleExport, handleOtlpExport } from "../http/handle-export";
import { logsSignal } from "../pipeline/logs-signal";
import { waitApplied } from "@/lib/testing/wait-applied";

let ctx: ProjectContext;
let ingestKey: string;
let adminKey: string;
const KEY = "sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWx";

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  ingestKey = (await createApiKey({ ctx, input: { name: "exporter" } })).secretKey;
  adminKey = (await createApiKey({ ctx, input: { name: "config", scopes: ["read", "write"] } })).secretKey;
});

const settingsRequest = (method: "GET" | "PUT", body?: unknown) =>
  (method === "GET" ? GET : PUT)(
    new Request("http://localhost/api/v1/settings/ingest", {
      method,
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
const base = { tenantKeys: [], featureKeys: [], payloadCapBytes: 262144 };

describe("redaction settings through PUT /api/v1/settings/ingest", () => {
  it("a new project masks credentials and cards, not e-mail or phone numbers", async () => {
    const body = (await (await settingsRequest("GET")).json()) as { redaction: unknown };
    expect(body.redaction).toEqual({
      detectors: ["private_key", "bearer_token", "jwt", "api_key", "card"],
      customRules: [],
    });
  });

  it("refuses a pattern that does not compile with a 400 naming the rule and the field", async () => {
    const response = await settingsRequest("PUT", {
      ...base,
      redaction: {
        detectors: ["email"],
        customRules: [
          { name: "ticket", pattern: "T-[0-9]+" },
          { name: "badref", pattern: "(x)\\1" },
        ],
      },
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { field: string; message: string } };
    expect(error.field).toBe("redaction.customRules.1.pattern");
    expect(error.message).toContain('rule "badref"');
    // Nothing of the refused request was applied.
    expect(
      ((await (await settingsRequest("GET")).json()) as { redaction: { detectors: string[] } }).redaction.detectors,
    ).not.toContain("email");
  });

  it("saves rules, and a PUT without `redaction` keeps them", async () => {
    const redaction = {
      detectors: ["api_key", "bearer_token", "email"],
      customRules: [{ name: "order_id", pattern: "ORD-[0-9]{6}" }],
    };
    expect((await settingsRequest("PUT", { ...base, redaction })).status).toBe(200);
    expect((await settingsRequest("PUT", { ...base, payloadCapBytes: 131072 })).status).toBe(200);
    expect(await (await settingsRequest("GET")).json()).toMatchObject({ payloadCapBytes: 131072, redaction });
  });
});

describe("what is stored", () => {
  it("a span through the OTLP handler is stored masked, with its count, and cannot be found by the masked words", async () => {
    const t = traceId();
    const messages = JSON.stringify([
      { role: "user", content: `I am alice@example.com, key ${KEY}, order ORD-123456` },
    ]);
    const response = await handleExport(
      postJson(
        "http://localhost",
        ingestKey,
        otlpJson([
          {
            traceId: t,
            spanId: spanId(),
            name: "chat",
            startMs: Date.now(),
            durationMs: 20,
            attributes: {
              "gen_ai.operation.name": "chat",
              "gen_ai.request.model": "gpt-4o",
              "gen_ai.input.messages": messages,
              "gen_ai.usage.input_tokens": 10,
              "user.email": "alice@example.com",
            },
          },
        ]),
      ),
    );
    expect(response.status).toBe(200);
    await waitApplied(); // a 200 means in the ingest log; reads need it applied

    const [span] = (await getTrace({ ctx, traceId: t })).spans;
    const stored = JSON.stringify(span);
    expect(stored).not.toContain("alice@example.com");
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain("ORD-123456");
    expect(JSON.stringify(span!.input)).toContain("I am [email], key [api_key], order [order_id]");
    expect(span!.attributes["user.email"]).toBe("[email]");
    expect(span!.attributes).toMatchObject({
      "observatory.redacted.count": "7",
      "observatory.redacted.email": "3",
      "observatory.redacted.api_key": "2",
      "observatory.redacted.order_id": "2",
    });
    expect((await listTraces({ ctx, query: { limit: 50, q: "alice@example.com" } })).data).toEqual([]);
    expect((await listTraces({ ctx, query: { limit: 50, q: "[order_id]" } })).data.map((r) => r.traceId)).toEqual([t]);
  });

  it("a log record is stored with its body and attributes masked", async () => {
    const t = traceId();
    const body = {
      resourceLogs: [
        {
          resource: { attributes: kv({ "service.name": "svc" }) },
          scopeLogs: [
            {
              scope: { name: "test" },
              logRecords: [
                {
                  traceId: t,
                  spanId: "",
                  timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                  severityNumber: 17,
                  body: { stringValue: `login failed for bob@example.com with Bearer abcdefghijklmnop1234` },
                  attributes: kv({ "http.request.header.authorization": `Bearer ${KEY}` }),
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await handleOtlpExport(
      new Request("http://localhost/v1/logs", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` },
        body: JSON.stringify(body),
      }),
      logsSignal,
    );
    expect(response.status).toBe(200);
    await waitApplied(); // a 200 means in the ingest log; reads need it applied
    const { data } = await listLogs({ ctx, query: listLogsQuery.parse({ traceId: t }) });
    expect(data).toHaveLength(1);
    expect(data[0]!.body).toBe("login failed for [email] with Bearer [bearer_token]");
    expect(data[0]!.attributes).toMatchObject({
      "http.request.header.authorization": "Bearer [bearer_token]",
      "observatory.redacted.count": "3",
    });
  });
});
