import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Convention } from "./attributes";
import { genai } from "./genai";
import { gpu } from "./gpu";
import { openinference } from "./openinference";
import { openllmetry } from "./openllmetry";
import { vercelAi } from "./vercel-ai";

// normalizeSpan skips a convention when the span has no attribute key in its namespaces, so a
// key read outside them would be silently ignored. Every dotted key literal in a convention's
// source must therefore start with one of its namespaces (keys of indexed entries excepted).
const INDEXED_ENTRY_KEYS = /^(message|document|tool_call)\./;

const sources: Array<[Convention, string]> = [
  [genai, "genai.ts"],
  [gpu, "gpu.ts"],
  [openinference, "openinference.ts"],
  [openllmetry, "openllmetry.ts"],
  [vercelAi, "vercel-ai.ts"],
];

describe("convention namespaces", () => {
  it.each(sources.map(([convention, file]) => [convention.name, convention, file] as const))(
    "%s: every attribute key it reads is in its namespaces",
    (_name, convention, file) => {
      const source = fs.readFileSync(path.join(__dirname, file), "utf8");
      const keys = [...source.matchAll(/"([A-Za-z_]+)\.[A-Za-z0-9_.]*"/g)]
        .map((m) => m[0].slice(1, -1))
        .filter((k) => !INDEXED_ENTRY_KEYS.test(k));
      expect(keys.length).toBeGreaterThan(0);
      const outside = keys.filter((key) => !convention.namespaces.includes(key.slice(0, key.indexOf("."))));
      expect(outside).toEqual([]);
    },
  );
});
