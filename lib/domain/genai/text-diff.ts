import { diffWords } from "diff";

export type DiffPart = { op: "same" | "added" | "removed"; text: string };

/** Word diff of a recorded answer against a new one, as runs the UI marks up. */
export function textDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({
    op: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}
