import { RE2JS } from "re2js";
import { z } from "zod";

export const DETECTOR_KINDS = ["private_key", "bearer_token", "jwt", "api_key", "email", "card", "phone"] as const;
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

/** Credentials are masked unless a project turns them off; e-mail and phone numbers are opt-in. */
export const DEFAULT_DETECTORS: DetectorKind[] = ["private_key", "bearer_token", "jwt", "api_key", "card"];

/** A project's own pattern; matches become `[name]`. */
export type CustomRule = { name: string; pattern: string };
export type RedactionSettings = { detectors: DetectorKind[]; customRules: CustomRule[] };

export const DEFAULT_REDACTION: RedactionSettings = { detectors: DEFAULT_DETECTORS, customRules: [] };

export const MAX_CUSTOM_RULES = 20;
export const MAX_PATTERN_CHARS = 500;

/**
 * Custom patterns run on RE2 (re2js): matching is linear in the text whatever the pattern, so
 * no pattern can backtrack catastrophically. What RE2 cannot run in linear time
 * (backreferences, lookaround) it refuses to compile, and so do we, naming the rule.
 */
export function compileCustomRule(pattern: string): RE2JS {
  return RE2JS.compile(pattern);
}

/** Why a custom rule cannot be saved, or null. */
export function customRuleProblem(rule: CustomRule): string | null {
  let compiled: RE2JS;
  try {
    compiled = compileCustomRule(rule.pattern);
  } catch (error) {
    return `rule "${rule.name}": ${error instanceof Error ? error.message : "invalid pattern"}`;
  }
  // A pattern that matches nothing-long would mask nothing and report matches everywhere.
  if (compiled.test("")) return `rule "${rule.name}": the pattern matches the empty string`;
  return null;
}

const ruleName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, "rule names are 1–32 lowercase letters, digits and _, starting with a letter")
  .refine(
    (name) => name !== "count" && !(DETECTOR_KINDS as readonly string[]).includes(name),
    "the name of a built-in kind",
  );

export const redactionSettingsInput = z
  .object({
    /** Built-in kinds to mask; an empty list turns them all off. */
    detectors: z
      .array(z.enum(DETECTOR_KINDS))
      .max(DETECTOR_KINDS.length)
      .transform((kinds) => [...new Set(kinds)]),
    customRules: z
      .array(z.object({ name: ruleName, pattern: z.string().min(1).max(MAX_PATTERN_CHARS) }))
      .max(MAX_CUSTOM_RULES)
      .default([]),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.customRules.forEach((rule, index) => {
      if (seen.has(rule.name))
        ctx.addIssue({
          code: "custom",
          path: ["customRules", index, "name"],
          message: `rule "${rule.name}": the name is used twice`,
        });
      seen.add(rule.name);
      const problem = customRuleProblem(rule);
      if (problem) ctx.addIssue({ code: "custom", path: ["customRules", index, "pattern"], message: problem });
    });
  });
