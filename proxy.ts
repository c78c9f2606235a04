import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/config/env";
import { API_CSP, pageCsp, refuseCrossSite, securityHeaders, type RequestFacts } from "@/lib/security/browser-boundary";

// Every request passes here first: cross-site state changes are refused, and every answer
// carries the security headers (pages a CSP with a fresh nonce, which Next applies to its scripts).
export function proxy(request: NextRequest) {
  const facts: RequestFacts = {
    method: request.method,
    pathname: request.nextUrl.pathname,
    header: (name) => request.headers.get(name),
    ownOrigin: request.nextUrl.origin,
    publicOrigin: safeOrigin(env().publicUrl),
  };
  const refusal = refuseCrossSite(facts);
  if (refusal) {
    return NextResponse.json(
      { error: { code: refusal.code, message: refusal.message } },
      { status: refusal.status, headers: securityHeaders(facts, API_CSP) },
    );
  }
  const isPage = !facts.pathname.startsWith("/api/") && !facts.pathname.startsWith("/v1/");
  if (!isPage) {
    const response = NextResponse.next();
    for (const [k, v] of Object.entries(securityHeaders(facts, API_CSP))) response.headers.set(k, v);
    return response;
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(securityHeaders(facts, csp))) response.headers.set(k, v);
  return response;
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

// OTLP (/v1/*) stays out: a matched request's body is buffered for the proxy (10 MB by
// default, cut beyond), and exports reach 16 MiB. Its headers come from next.config.mjs.
export const config = {
  matcher: [{ source: "/((?!v1/|_next/static|_next/image|favicon.ico).*)" }],
};
