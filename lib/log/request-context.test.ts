import { describe, expect, it } from "vitest";
import { currentRequestId, withRequestId } from "./request-context";
import { createLogger } from "./shared.mjs";

describe("request ids", () => {
  it("keeps a sane incoming id and replaces anything else", () => {
    expect(withRequestId("req-42.a:b@c", (id) => id)).toBe("req-42.a:b@c");
    for (const bad of [undefined, "", "has space", "x".repeat(129), ["a", "b"], "a\nb"]) {
      expect(withRequestId(bad, (id) => id)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("carries the id through awaits, and only inside the request", async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await withRequestId("outer", async () => {
      await Promise.resolve();
      const inner = await withRequestId("inner", async () => currentRequestId());
      return [currentRequestId(), inner];
    });
    expect(seen).toEqual(["outer", "inner"]);
    expect(currentRequestId()).toBeUndefined();
  });
});

describe("log lines", () => {
  it("carry the request id while a request is handled, and the error's stack", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger("info", {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    withRequestId("req-1", () => logger.error({ err: new Error("boom"), route: "/v1/traces" }, "failed"));
    logger.info("outside");
    expect(lines[0]).toMatchObject({
      requestId: "req-1",
      route: "/v1/traces",
      msg: "failed",
      err: { message: "boom", stack: expect.stringContaining("Error: boom") },
    });
    expect(lines[1]).not.toHaveProperty("requestId");
    expect(() => createLogger("verbose")).toThrow(/LOG_LEVEL/);
  });
});
