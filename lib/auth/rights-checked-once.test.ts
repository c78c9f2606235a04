import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// A source scan that holds the rule "rights are checked once, by the service": every exported
// function of lib/ that acts on behalf of a ProjectContext starts with its permission check,
// and no route under app/api checks a role (or reaches a store) on its own.

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Functions that take a context but are not verbs, and why. */
const NOT_VERBS: Record<string, string> = {
  "lib/auth/context.ts requireScope": "the scope check itself",
  "lib/auth/context.ts requirePermission": "the permission check itself",
  "lib/logs/log-search.ts tracesWithLogText": "builds a SQL fragment for listTraces (which checks); reads nothing",
};

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, keep);
    return keep(name) ? [full] : [];
  });
}

type ExportedFunction = { file: string; name: string; takesContext: boolean; firstStatement: string };

function exportedFunctions(file: string): ExportedFunction[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: ExportedFunction[] = [];
  const relative = path.relative(ROOT, file);
  const add = (name: string, fn: ts.FunctionLikeDeclaration) => {
    const takesContext = fn.parameters.some((p) => p.type?.getText(source).includes("ProjectContext") ?? false);
    const body =
      fn.body && ts.isBlock(fn.body)
        ? (fn.body.statements[0]?.getText(source) ?? "")
        : (fn.body?.getText(source) ?? "");
    found.push({ file: relative, name, takesContext, firstStatement: body });
  };
  for (const statement of source.statements) {
    const exported =
      ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, statement);
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (
          ts.isIdentifier(d.name) &&
          d.initializer &&
          (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
        )
          add(d.name.text, d.initializer);
      }
    }
  }
  return found;
}

const libSources = files(path.join(ROOT, "lib"), (n) => n.endsWith(".ts") && !n.endsWith(".test.ts")).filter(
  (f) => !f.includes(`${path.sep}testing${path.sep}`),
);
const verbs = libSources.flatMap(exportedFunctions).filter((f) => f.takesContext && !NOT_VERBS[`${f.file} ${f.name}`]);
const routes = files(path.join(ROOT, "app/api"), (n) => n === "route.ts");
const pages = files(path.join(ROOT, "app"), (n) => /\.tsx?$/.test(n)).filter(
  (f) => !f.includes(`${path.sep}api${path.sep}`),
);

describe("service verbs", () => {
  it("are found (the scan sees the code it is meant to hold)", () => {
    expect(verbs.map((v) => v.name)).toEqual(
      expect.arrayContaining(["putRevenue", "getTrace", "updateIngestSettings", "patchTicket", "deleteProject"]),
    );
  });

  it("each start with requirePermission(ctx, …)", () => {
    const unchecked = verbs
      .filter((v) => !/^requirePermission\(ctx, "[a-z_]+\.[a-z_]+"\);$/.test(v.firstStatement))
      .map((v) => `${v.file} ${v.name}: ${v.firstStatement.split("\n")[0]}`);
    expect(unchecked).toEqual([]);
  });

  it("exempt only functions that still exist", () => {
    const all = new Set(libSources.flatMap(exportedFunctions).map((f) => `${f.file} ${f.name}`));
    expect(Object.keys(NOT_VERBS).filter((k) => !all.has(k))).toEqual([]);
  });
});

describe("routes under app/api", () => {
  it("are found", () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  // Roles are the service's business; a route that checks one says so twice (or alone).
  const ROLE_CHECKS: Array<[string, RegExp]> = [
    ["can(", /\bcan\(/],
    ["requirePermission(", /\brequirePermission\(/],
    ["a forbidden error", /["']forbidden["']|\bforbidden\(/],
    ["withProject({ permission })", /\bpermission\s*:/],
    ["@/lib/auth/permissions", /@\/lib\/auth\/permissions/],
    ["a role comparison", /\.role\s*[!=]==/],
  ];
  // Thin routes: they call a service and never touch a store themselves.
  const STORE_ACCESS: Array<[string, RegExp]> = [
    ["a store client", /from "@\/db\/(postgres|clickhouse)\/client"/],
    ["@/lib/clickhouse/", /from "@\/lib\/clickhouse\//],
    ["drizzle-orm", /from "drizzle-orm"/],
  ];

  it("check no role themselves", () => {
    const offending = routes.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return ROLE_CHECKS.filter(([, pattern]) => pattern.test(text)).map(
        ([what]) => `${path.relative(ROOT, file)}: ${what}`,
      );
    });
    expect(offending).toEqual([]);
  });

  it("reach no store themselves", () => {
    const offending = routes.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return STORE_ACCESS.filter(([, pattern]) => pattern.test(text)).map(
        ([what]) => `${path.relative(ROOT, file)}: ${what}`,
      );
    });
    expect(offending).toEqual([]);
  });

  it("pass no ctx.projectId to a service in place of the context (which would skip its check)", () => {
    const offending = routes
      .filter((file) => /\(ctx\.projectId\b/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file));
    expect(offending).toEqual([]);
  });
});

describe("pages", () => {
  it("are found", () => {
    expect(pages.length).toBeGreaterThan(15);
  });

  it("read through checked verbs, never a project-id helper (its callers are ingest and jobs)", () => {
    const offending = pages
      .filter((file) => /\(ctx\.projectId\b/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file));
    expect(offending).toEqual([]);
  });
});
