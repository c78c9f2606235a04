import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { otlpJson } from "../../ingest/otlp/build-json";
import { demoTurn } from "../../ingest/demo/demo-sessions";
import { seeded } from "../../ingest/demo/demo-spans";
import { E2E_API_KEY } from "../../playwright.config";
import { waitIngestApplied } from "./ingest-applied";

/**
 * Sends one conversation of `turns` turns through /v1/traces (session and end user on each
 * turn's root, as the demo's order assistant sends them); the turn `failingTurn` (1-based)
 * fails at its tool step. Answers the session id. `feature` replaces the demo's, so that a
 * spec's sessions are not another spec's "last successful session of this feature".
 */
export async function sendSession(
  request: APIRequestContext,
  options: { turns: number; failingTurn: number | null; startMs: number; user: string; feature?: string },
): Promise<string> {
  const session = `e2e-${randomBytes(6).toString("hex")}`;
  const rng = seeded(Number.parseInt(randomBytes(4).toString("hex"), 16));
  const spans = Array.from({ length: options.turns }, (_, i) =>
    demoTurn(rng, options.startMs + i * 60_000, session, options.user, i, options.failingTurn === i + 1),
  ).flat();
  if (options.feature)
    for (const span of spans) if (span.attributes?.["feature.name"]) span.attributes["feature.name"] = options.feature;
  const response = await request.post("/v1/traces", {
    headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
    data: JSON.stringify(otlpJson(spans)),
  });
  if (!response.ok()) throw new Error(`ingest answered ${response.status()}`);
  await waitIngestApplied(request);
  return session;
}
