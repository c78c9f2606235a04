import type { ScoreDraft } from "@/lib/domain/scores/score-row";
import type { DecodedSpan } from "../otlp/types";
import { redactSpanRow } from "../redact/redact-row";
import type { RedactionSettings } from "@/lib/domain/redaction/redaction-settings";
import { redactorFor } from "../redact/redactor";
import { spanScores } from "../scores/span-scores";
import { ingestWindow } from "./bounds";
import { normalizeSpan } from "./normalize-span";
import { type ProjectIngestSettings } from "@/lib/domain/ingest-settings";
import { type SpanRow } from "@/lib/domain/span/span-row";

/**
 * Normalizes each span, masks what the project's redaction rules find (before anything is
 * stored or scored) and derives its scores; spans refused on their own are counted with the
 * first few reasons.
 */
export function normalizeAll(
  projectId: string,
  spans: DecodedSpan[],
  settings: ProjectIngestSettings & { redaction?: RedactionSettings },
) {
  const redactor = redactorFor(settings.redaction);
  const rows: SpanRow[] = [];
  const scores: ScoreDraft[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  const window = ingestWindow();
  for (const span of spans) {
    const result = normalizeSpan(projectId, span, settings, window);
    if (result.ok) {
      redactSpanRow(result.row, redactor);
      rows.push(result.row);
      for (const score of spanScores(span, result.row, settings)) {
        // An evaluation's explanation is event text like any other.
        if (score.comment && redactor.active) score.comment = redactor.redact(score.comment, {});
        scores.push(score);
      }
    } else {
      rejected += 1;
      if (reasons.length < 5) reasons.push(result.reason);
    }
  }
  return { rows, scores, rejected, message: rejectionMessage("span", rejected, reasons) };
}

/** "3 span(s) rejected: reason; reason; …", or "" when nothing was refused. */
export function rejectionMessage(what: string, rejected: number, reasons: string[]): string {
  return rejected
    ? `${rejected} ${what}(s) rejected: ${reasons.join("; ")}${rejected > reasons.length ? "; …" : ""}`
    : "";
}
