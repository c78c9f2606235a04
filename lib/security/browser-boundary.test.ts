import { describe, expect, it } from "vitest";
import { pageCsp, refuseCrossSite, securityHeaders, type RequestFacts } from "./browser-boundary";

function facts(method: string, pathname: string, headers: Record<string, string> = {}): RequestFacts {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, pathname, header: (n) => lower[n] ?? null, ownOrigin: "http://localhost:3000" };
}

describe("browser boundary", () => {
  it("refuses a cross-site text/plain POST that cookies would authenticate", () => {
    const invite = facts("POST", "/api/v1/members", { origin: "https://evil.example", "content-type": "text/plain" });
    expect(refuseCrossSite(invite)).toMatchObject({ status: 403, message: expect.stringContaining("evil.example") });
    // Same origin but not JSON: a form post or a simple fetch.
    expect(
      refuseCrossSite(
        facts("POST", "/api/v1/projects", { origin: "http://localhost:3000", "content-type": "text/plain" }),
      ),
    ).toMatchObject({ status: 415 });
    expect(
      refuseCrossSite(
        facts("POST", "/api/v1/api-keys", { "sec-fetch-site": "cross-site", "content-type": "application/json" }),
      ),
    ).toMatchObject({ status: 403 });
  });

  it("lets same-origin JSON, reads, machine keys and the exempt routes through", () => {
    expect(
      refuseCrossSite(
        facts("POST", "/api/v1/projects", {
          origin: "http://localhost:3000",
          "content-type": "application/json; charset=utf-8",
        }),
      ),
    ).toBeNull();
    expect(
      refuseCrossSite(facts("PUT", "/api/v1/revenue", { origin: "http://localhost:3000", "content-type": "text/csv" })),
    ).toBeNull();
    expect(refuseCrossSite(facts("DELETE", "/api/v1/api-keys/x", { "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(
      refuseCrossSite(facts("POST", "/api/v1/alert-rules/x/evaluate", { origin: "http://localhost:3000" })),
    ).toBeNull();
    expect(
      refuseCrossSite(
        facts("POST", "/api/v1/alert-rules/x/evaluate", { origin: "http://localhost:3000", "content-length": "12" }),
      ),
    ).toMatchObject({ status: 415 });
    expect(refuseCrossSite(facts("GET", "/api/v1/traces", { origin: "https://evil.example" }))).toBeNull();
    expect(
      refuseCrossSite(
        facts("POST", "/api/v1/prices", { authorization: "Bearer sk-obs-x", "content-type": "text/plain" }),
      ),
    ).toBeNull();
    expect(
      refuseCrossSite(
        facts("POST", "/api/auth/callback/credentials", {
          origin: "https://evil.example",
          "content-type": "application/x-www-form-urlencoded",
        }),
      ),
    ).toBeNull();
    expect(
      refuseCrossSite(
        facts("POST", "/api/v1/feedback", { origin: "https://shop.example", "content-type": "text/plain" }),
      ),
    ).toBeNull();
    // Behind a proxy the public origin differs from the one the server sees.
    const behind = {
      ...facts("POST", "/api/v1/projects", { origin: "https://obs.example.com", "content-type": "application/json" }),
      publicOrigin: "https://obs.example.com",
    };
    expect(refuseCrossSite(behind)).toBeNull();
  });

  it("sends HSTS only over HTTPS and a nonce-bound script policy", () => {
    expect(securityHeaders(facts("GET", "/"), "x")["strict-transport-security"]).toBeUndefined();
    expect(
      securityHeaders(facts("GET", "/", { "x-forwarded-proto": "https" }), "x")["strict-transport-security"],
    ).toMatch(/max-age=/);
    expect(pageCsp("abc", false)).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(pageCsp("abc", false)).toContain("frame-ancestors 'none'");
    expect(pageCsp("abc", false)).not.toContain("unsafe-eval");
  });
});
