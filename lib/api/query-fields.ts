import { z } from "zod";

// zod fields shared by the query strings of the read APIs.

/** A comma list of allowed names (`groupBy=tenant,model`), de-duplicated; an unknown name is a 400 naming it. */
export function commaList<const T extends string>(allowed: readonly T[], noun: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parts = (v ?? "")
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = parts.find((p) => !(allowed as readonly string[]).includes(p));
      if (bad) {
        ctx.addIssue({ code: "custom", message: `unknown ${noun} "${bad}"; use ${allowed.join(", ")}` });
        return z.NEVER;
      }
      return [...new Set(parts)] as T[];
    });
}
