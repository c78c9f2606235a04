import type { ScoreDraft } from "@/lib/scores/score-row";
import type { DecodedSpan } from "../otlp/types";
import { spanScores } from "../scores/span-scores";
import { ingestWindow } from "./bounds";
import { normalizeSpan, type ProjectIngestSettings, type SpanRow } from "./normalize-span";

/** Normalizes each span and derives its scores; spans refused on their own are counted with the first few reasons. */
export function normalizeAll(projectId: string, spans: DecodedSpan[], settings: ProjectIngestSettings) {
  const rows: SpanRow[] = [];
  const scores: ScoreDraft[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  const window = ingestWindow();
  for (const span of spans) {
    const result = normalizeSpan(projectId, span, settings, window);
    if (result.ok) {
      rows.push(result.row);
      scores.push(...spanScores(span, result.row, settings));
    } else {
      rejected += 1;
      if (reasons.length < 5) reasons.push(result.reason);
    }
  }
  return { rows, scores, rejected, message: rejectionMessage("span", rejected, reasons) };
}

/** "3 span(s) rejected: reason; reason; …", or "" when nothing was refused. */
export function rejectionMessage(what: string, rejected: number, reasons: string[]): string {
  return rejected ? `${rejected} ${what}(s) rejected: ${reasons.join("; ")}${rejected > reasons.length ? "; …" : ""}` : "";
}
