import type { AttributeValue } from "../otlp/types";
import { parseJson, stringOf, type RetrievedDocument } from "./attributes";

// Retrieved documents sent as one JSON value: GenAI `gen_ai.retrieval.documents`
// (`[{ id, score, ...}]`, content under `content`, `text` or `page_content` when captured).

type DocumentLike = Record<string, AttributeValue>;

const scoreOf = (value: AttributeValue | undefined): number | null => {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
};

export function documentsFromJson(value: AttributeValue | undefined): RetrievedDocument[] | undefined {
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return undefined;
  const docs = parsed
    .filter((d): d is DocumentLike => !!d && typeof d === "object" && !Array.isArray(d))
    .map((d, i) => ({
      id: stringOf(d.id ?? d.document_id ?? d.source_id) ?? String(i),
      score: scoreOf(d.score ?? d.relevance_score),
      content: stringOf(d.content ?? d.text ?? d.page_content) ?? "",
    }));
  return docs.length ? docs : undefined;
}
