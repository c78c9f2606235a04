import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { openApiDocument } from "./openapi";
import { OPERATION_PERMISSIONS } from "./operation-permissions";

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

  it("names the permission of every operation, and no operation that is gone", () => {
    const paths = (openApiDocument() as { paths: Record<string, Record<string, { "x-permission": string | null }>> })
      .paths;
    const operations = Object.entries(paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`));
    expect(operations.filter((o) => !(o in OPERATION_PERMISSIONS))).toEqual([]);
    expect(Object.keys(OPERATION_PERMISSIONS).filter((o) => !operations.includes(o))).toEqual([]);
    for (const [p, methods] of Object.entries(paths)) {
      for (const entry of Object.values(methods))
        if (entry["x-permission"] !== null) expect(PERMISSIONS, p).toContain(entry["x-permission"]);
    }
  });

  it("states the role table in its description", () => {
    const { description } = (openApiDocument() as { info: { description: string } }).info;
    expect(description).toContain("finance: project.read, finance.read, finance.write, pricing.manage");
  });
});
