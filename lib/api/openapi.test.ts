import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

function routePaths(dir: string, base = "/api/v1"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return entry.name === "route.ts" ? [base] : [];
    return routePaths(path.join(dir, entry.name), `${base}/${entry.name.replace(/^\[(.+)\]$/, "{$1}")}`);
  });
}

describe("OpenAPI document", () => {
  it("builds and describes every /api/v1 route", () => {
    const documented = Object.keys((openApiDocument() as { paths: Record<string, unknown> }).paths);
    const routes = routePaths(path.join(process.cwd(), "app", "api", "v1"));
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
  });
});
