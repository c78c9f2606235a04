// What the browser boundary refuses and which headers every answer carries. Pure functions of
// the request, so that proxy.ts stays a thin adapter and the rules are unit-tested.

export type RequestFacts = {
  method: string;
  pathname: string;
  /** `Origin`, `Sec-Fetch-Site`, `Content-Type`, `Authorization`, `x-api-key`, `Host`, `X-Forwarded-Proto`. */
  header: (name: string) => string | null;
  /** The app's own origin, e.g. http://localhost:3000 (from the request URL). */
  ownOrigin: string;
  /** NEXTAUTH_URL's origin when set: the public address behind a proxy. */
  publicOrigin?: string;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// next-auth checks its own CSRF token on its form posts; feedback is public and CORS-governed
// per key; OTLP and every /v1 route need an API key, which a cross-site page cannot attach.
const EXEMPT_PREFIXES = ["/api/auth/", "/api/v1/feedback", "/v1/"];
// Besides JSON, the revenue and budget uploads take a CSV body.
const EXTRA_TYPES: Record<string, string[]> = { "/api/v1/revenue": ["text/csv"], "/api/v1/budgets": ["text/csv"] };

export type Refusal = { status: 403 | 415; code: string; message: string };

/**
 * A state-changing request that a browser's cookies would authenticate must come from our own
 * origin and carry JSON: a cross-site form or `text/plain` fetch can do neither without a
 * preflight we never grant.
 */
export function refuseCrossSite(r: RequestFacts): Refusal | null {
  if (SAFE_METHODS.has(r.method)) return null;
  if (EXEMPT_PREFIXES.some((p) => r.pathname.startsWith(p))) return null;
  if (!r.pathname.startsWith("/api/")) return null;
  // A machine credential is not ambient: a page on another site cannot make the browser send it.
  if (r.header("authorization") || r.header("x-api-key")) return null;

  const origin = r.header("origin");
  const allowed = [r.ownOrigin, r.publicOrigin].filter(Boolean);
  if (origin) {
    if (!allowed.includes(origin))
      return {
        status: 403,
        code: "forbidden",
        message: `Cross-site request refused: origin ${origin} is not this app`,
      };
  } else {
    // Browsers that omit Origin still say where a request came from.
    const site = r.header("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none")
      return { status: 403, code: "forbidden", message: "Cross-site request refused" };
  }
  const type = r.header("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  const accepted = ["application/json", ...(EXTRA_TYPES[r.pathname] ?? [])];
  // A body-less call (DELETE, "evaluate now") has nothing to type; a cross-site one fails the origin check above.
  const length = r.header("content-length");
  const bodyless = type === "" && (length === null || length === "0");
  if (!bodyless && !accepted.includes(type)) {
    return { status: 415, code: "unsupported_media_type", message: `Content-Type must be ${accepted.join(" or ")}` };
  }
  return null;
}

export function isHttps(r: RequestFacts): boolean {
  return r.ownOrigin.startsWith("https:") || r.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** The policy for pages: scripts only with this request's nonce (Next adds it to its own). */
export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and recharts set style attributes; styles cannot run code, scripts are what the nonce guards.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers are data, never documents to render or frame. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(r: RequestFacts, csp: string): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
  if (isHttps(r)) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
