import { afterEach, describe, expect, it, vi } from "vitest";
import { StoreError } from "@/db/store-error";
import { log } from "@/lib/log/logger";
import { notFound } from "@/lib/api/errors";
import { missingAs, notFoundAs, storeDownAs } from "./page-fallbacks";

afterEach(() => vi.restoreAllMocks());

describe("page fallbacks", () => {
  it("rethrows and logs anything that is not a store failure", () => {
    const logged = vi.spyOn(log, "error");
    const bug = new TypeError("Cannot read properties of undefined (reading 'spans')");
    expect(() => storeDownAs(null, "traces")(bug)).toThrow(bug);
    expect(logged).toHaveBeenCalledWith({ err: bug, page: "traces" }, "page failed");
    expect(() => notFoundAs("ticket")(bug)).toThrow(bug);
    expect(() => missingAs(null, "baseline")(bug)).toThrow(bug);
    expect(logged).toHaveBeenCalledTimes(3);
  });

  it("shows the fallback for a store that is down, and logs why", () => {
    const logged = vi.spyOn(log, "error");
    const down = new StoreError("clickhouse_unavailable", "connect ECONNREFUSED 127.0.0.1:8123");
    expect(storeDownAs([], "overview alerts")(down)).toEqual([]);
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: down, code: "clickhouse_unavailable" }),
      expect.stringMatching(/store unavailable/),
    );
    // A driver's refused connection, wrapped by drizzle, counts as Postgres being down.
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(storeDownAs(null, "tickets")(new Error("Failed query: select ...", { cause: refused }))).toBeNull();
  });

  it("shows the 404 page for a missing record, never the store fallback", () => {
    expect(() => storeDownAs(null, "trace", { notFound: true })(notFound("Trace not found"))).toThrow(
      /NEXT_HTTP_ERROR_FALLBACK;404/,
    );
    expect(() => notFoundAs("ticket")(notFound("Ticket not found"))).toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(missingAs(null, "baseline")(notFound("Trace not found"))).toBeNull();
  });
});
