import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { changeApiKeyScopes } from "@/lib/api-keys/change-api-key-scopes";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { handleExport } from "@/ingest/http/handle-export";

type RouteModule = Record<string, unknown>;
type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROOT = path.resolve(import.meta.dirname, "../../app/api/v1");
// The routes an ingest-only key may call: scores are part of ingest; public feedback keys are not API keys.
const INGEST_ROUTES = new Set(["POST /api/v1/scores", "POST /api/v1/feedback"]);
// Authenticated by the caller's signature, not a key: the billing webhook (lib/finance/revenue-webhook.test.ts).
const SIGNED_ROUTES = new Set(["POST /api/v1/revenue/webhook/{projectId}"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

const urlPath = (file: string) =>
  "/api/v1/" +
  path
    .relative(ROOT, path.dirname(file))
    .split(path.sep)
    .map((s) => s.replace(/^\[(.+)\]$/, "$1-x"))
    .join("/");

let ctx: ProjectContext;
const keys: Record<string, string> = {};

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  keys.ingest = (await createApiKey({ ctx, input: { name: "exporter" } })).secretKey;
  keys.read = (await createApiKey({ ctx, input: { name: "reader", scopes: ["read"] } })).secretKey;
});

async function call(handler: RouteHandler, method: string, url: string, key: string): Promise<Response> {
  const request = new Request(`http://localhost${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: method === "GET" || method === "DELETE" ? undefined : "{}",
  });
  return handler(request, {
    params: Promise.resolve({ id: "x", traceId: "0123456789abcdef0123456789abcdef", userId: "x" }),
  });
}

describe("API key scopes", () => {
  it("gives new keys ingest alone, and lets an admin widen them", async () => {
    const created = await createApiKey({ ctx, input: { name: "narrow" } });
    expect(created.scopes).toEqual(["ingest"]);
    expect((await verifyApiKey(created.secretKey))?.scopes).toEqual(["ingest"]);
    await changeApiKeyScopes({ ctx, keyId: created.id, input: { scopes: ["write", "ingest", "read", "read"] } });
    expect((await verifyApiKey(created.secretKey))?.scopes).toEqual(["ingest", "read", "write"]);
    await expect(
      changeApiKeyScopes({ ctx: { ...ctx, role: "engineer" }, keyId: created.id, input: { scopes: ["read"] } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses an ingest-only key on every read and configuration route, naming the scope", async () => {
    const checked: string[] = [];
    for (const file of routeFiles(ROOT)) {
      const mod = (await import(file)) as RouteModule;
      for (const method of METHODS) {
        const handler = mod[method] as RouteHandler | undefined;
        if (typeof handler !== "function") continue;
        const url = urlPath(file);
        const name = `${method} ${url.replace(/[a-zA-Z]+-x/g, (m) => `{${m.slice(0, -2)}}`)}`;
        if (INGEST_ROUTES.has(name) || SIGNED_ROUTES.has(name)) continue;
        const response = await call(handler, method, url, keys.ingest!);
        checked.push(name);
        // Session-only routes (people, keys) never accept a key at all.
        expect([401, 403], name).toContain(response.status);
        if (response.status === 403)
          expect(((await response.json()) as { error: { message: string } }).error.message, name).toMatch(
            /lacks the "(read|write)" scope/,
          );
      }
    }
    expect(checked.length).toBeGreaterThan(30);
    expect(checked).toContain("GET /api/v1/traces");
    expect(checked).toContain("POST /api/v1/prices");
  });

  it("lets a read-only key read but not configure, and not ingest", async () => {
    const { GET: listTraces } = (await import(path.join(ROOT, "traces/route.ts"))) as { GET: RouteHandler };
    expect((await call(listTraces, "GET", "/api/v1/traces", keys.read!)).status).toBe(200);
    const { POST: addPrice } = (await import(path.join(ROOT, "prices/route.ts"))) as { POST: RouteHandler };
    const refused = await call(addPrice, "POST", "/api/v1/prices", keys.read!);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('lacks the \\"write\\" scope');

    const body = JSON.stringify(
      otlpJson([{ traceId: traceId(), spanId: spanId(), name: "op", startMs: Date.now() - 1000, durationMs: 5 }]),
    );
    const post = (key: string) =>
      handleExport(
        new Request("http://localhost/v1/traces", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
        }),
      );
    expect((await post(keys.read!)).status).toBe(403);
    expect((await post(keys.ingest!)).status).toBe(200);
  });
});
