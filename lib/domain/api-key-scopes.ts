import { z } from "zod";

/** What an API key may do: `ingest` (OTLP and scores), `read` (every read route), `write` (configuration). */
export const API_KEY_SCOPES = ["ingest", "read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** New keys ingest and nothing else unless their creator widens them. */
export const DEFAULT_NEW_KEY_SCOPES: readonly ApiKeyScope[] = ["ingest"];

export const apiKeyScopesInput = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1, "a key needs at least one scope")
  .transform((scopes) => API_KEY_SCOPES.filter((s) => scopes.includes(s)));

/** `INIT_PROJECT_API_KEY_SCOPES`-style comma list; unknown names are refused by name. */
export function parseScopeList(list: string): ApiKeyScope[] {
  const names = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(API_KEY_SCOPES as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(`unknown API key scope(s): ${unknown.join(", ")} (known: ${API_KEY_SCOPES.join(", ")})`);
  return API_KEY_SCOPES.filter((s) => names.includes(s));
}

/** The scope a route needs when it declares none: reads need `read`, anything else `write`. */
export function scopeForMethod(method: string): ApiKeyScope {
  return method === "GET" || method === "HEAD" ? "read" : "write";
}
