import { describe, expect, it } from "vitest";
import { scopeViolation } from "./scope-guard";
import { columns, direction, ident, identFor, int, raw, render, sql, str } from "./sql";
import { tables } from "./tables";

const { spans, scores, traces } = tables;

describe("the project scope guard", () => {
  it("passes a query whose every table reference carries its own scope", () => {
    expect(scopeViolation(sql`SELECT count() FROM ${spans} WHERE ${spans.scope}`)).toBeNull();
    const s = spans.as("s");
    const joined = sql`SELECT s.trace_id FROM ${s} INNER JOIN (SELECT trace_id FROM ${scores} WHERE ${scores.scope}) AS c USING (trace_id) WHERE ${s.scope}`;
    expect(scopeViolation(joined)).toBeNull();
    expect(render(joined).text).toContain(
      "FROM spans AS s INNER JOIN (SELECT trace_id FROM scores WHERE project_id = {project_id:String})",
    );
    expect(render(joined).text).toContain("WHERE s.project_id = {project_id:String}");
  });

  it("refuses a join that scopes only its first table", () => {
    const query = sql`SELECT * FROM ${spans} INNER JOIN ${scores} USING (trace_id) WHERE ${spans.scope}`;
    expect(scopeViolation(query)).toMatch(/reads scores 1 time\(s\) with 0 scope/);
  });

  it("refuses a subquery without its own scope, even on a table the outer query scopes", () => {
    const other = sql`SELECT trace_id FROM ${traces} WHERE ${spans.scope} AND trace_id IN (SELECT trace_id FROM ${traces})`;
    expect(scopeViolation(other)).toMatch(/reads traces 2 time\(s\) with 0 scope/);
    const same = sql`SELECT * FROM ${spans} WHERE ${spans.scope} AND trace_id IN (SELECT trace_id FROM ${spans} WHERE is_root)`;
    expect(scopeViolation(same)).toMatch(/reads spans 2 time\(s\) with 1 scope/);
    const nested = sql`SELECT * FROM ${traces} WHERE ${traces.scope} AND trace_id IN (${sql`SELECT trace_id FROM ${scores} WHERE value < ${str("1")}`})`;
    expect(scopeViolation(nested)).toMatch(/scores/);
  });

  it("refuses a scope under another alias than the table's", () => {
    expect(scopeViolation(sql`SELECT * FROM ${spans.as("s")} WHERE ${spans.scope}`)).toMatch(/spans AS s/);
  });

  it("refuses a table named in raw text, wherever it sits", () => {
    expect(scopeViolation(sql`SELECT count() FROM spans WHERE ${spans.scope}`)).toMatch(
      /names table spans in raw text/,
    );
    expect(
      scopeViolation(
        sql`SELECT * FROM ${traces} WHERE ${traces.scope} AND trace_id IN (SELECT trace_id FROM default.scores)`,
      ),
    ).toMatch(/scores in raw text/);
    expect(
      scopeViolation(sql`SELECT 1 FROM ${spans} WHERE ${spans.scope} UNION ALL SELECT 1 FROM ${raw`logs`}`),
    ).toMatch(/logs in raw text/);
    expect(scopeViolation(sql`SELECT * FROM "spans" WHERE ${spans.scope}`)).toMatch(/spans in raw text/);
    expect(
      scopeViolation(
        sql`SELECT * FROM ${spans} WHERE ${spans.scope} UNION ALL SELECT * FROM merge('default', '^spans$')`,
      ),
    ).toMatch(/table function merge/);
    expect(scopeViolation(sql`ALTER TABLE usage_hourly DELETE WHERE ${tables.usage_hourly.scope}`)).toMatch(
      /usage_hourly in raw text/,
    );
  });

  it("refuses a query with no scope at all", () => {
    expect(scopeViolation(sql`SELECT 1`)).toMatch(/not scoped/);
  });

  it("lets an INSERT target stand without a scope: its rows come from the scoped SELECT", () => {
    const insert = sql`INSERT INTO ${tables.usage_hourly.target} SELECT * FROM ${spans} WHERE ${spans.scope}`;
    expect(scopeViolation(insert)).toBeNull();
    expect(render(insert).text).toBe(
      "INSERT INTO usage_hourly SELECT * FROM spans WHERE project_id = {project_id:String}",
    );
  });
});

describe("identifiers", () => {
  it("renders a name from the allowed list and refuses any other, naming it", () => {
    expect(render(sql`SELECT ${ident("tenant", ["tenant", "feature"])}`).text).toBe("SELECT tenant");
    expect(render(sql`SELECT ${ident("my col", ["my col"])}`).text).toBe("SELECT `my col`");
    expect(() => ident("tenant; DROP TABLE spans", ["tenant"])).toThrow(
      /"tenant; DROP TABLE spans" is not one of tenant/,
    );
    expect(() => ident("toString", { tenant: 1 })).toThrow(/"toString"/);
    expect(render(sql`${identFor("gpuType", { gpuType: "gpu_type" })}`).text).toBe("gpu_type");
    expect(() => identFor("constructor", { gpuType: "gpu_type" })).toThrow(/"constructor"/);
  });

  it("checks column lists, integers and directions", () => {
    expect(render(sql`SELECT ${columns(["a", "b_c"])}`).text).toBe("SELECT a, b_c");
    expect(() => columns(["a", "toString(b) AS b"])).toThrow(/not a plain identifier/);
    expect(render(sql`LIMIT ${int(500)}`).text).toBe("LIMIT 500");
    expect(() => int(1.5)).toThrow(/not an integer/);
    expect(render(sql`ORDER BY v ${direction("desc")}`).text).toBe("ORDER BY v DESC");
  });
});
