import { describe, expect, it } from "vitest";
import { decodeJson } from "../otlp/decode-json";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { normalizeSpan } from "../normalize/normalize-span";
import { DEFAULT_PAYLOAD_CAP_BYTES } from "@/lib/domain/ingest-settings";
import { spanScores } from "./span-scores";

const settings = {
  tenantKeys: [],
  featureKeys: [],
  payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES,
  retrievalLowScore: 0.5,
};

/** The scores one span yields, as { name: value } (rule) plus the evaluation drafts. */
function scoresOf(partial: Partial<JsonSpan>, cfg = settings) {
  const [decoded] = decodeJson(
    JSON.stringify(
      otlpJson([
        {
          traceId: traceId(),
          spanId: spanId(),
          name: "span",
          startMs: Date.UTC(2026, 10, 1),
          durationMs: 100,
          ...partial,
        },
      ]),
    ),
  );
  const result = normalizeSpan("p1", decoded!, cfg);
  if (!result.ok) throw new Error(result.reason);
  const drafts = spanScores(decoded!, result.row, cfg);
  return {
    rules: Object.fromEntries(drafts.filter((d) => d.source === "rule").map((d) => [d.name, d.value])),
    drafts,
    row: result.row,
  };
}

const llm = (
  attributes: Record<string, string | number | string[]>,
  status?: JsonSpan["status"],
): Partial<JsonSpan> => ({
  attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", ...attributes },
  status,
});
const answer = (text: string) =>
  JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: text }], finish_reason: "stop" }]);

describe("rule scores", () => {
  it("tool_error fires on a failed tool call and not on a successful one", () => {
    const tool = { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup" };
    expect(scoresOf({ attributes: tool, status: { code: 2, message: "timeout" } }).rules).toEqual({ tool_error: 1 });
    expect(
      scoresOf({ attributes: tool, events: [{ name: "exception", attributes: { "exception.message": "boom" } }] })
        .rules,
    ).toEqual({ tool_error: 1 });
    expect(scoresOf({ attributes: tool, status: { code: 1 } }).rules).toEqual({ tool_error: 0 });
  });

  it("empty_output fires on a blank answer, not on text, a tool call, or an output that was not captured", () => {
    expect(scoresOf(llm({ "gen_ai.output.messages": answer("  ") })).rules.empty_output).toBe(1);
    expect(scoresOf(llm({ "gen_ai.output.messages": answer("Paris.") })).rules.empty_output).toBe(0);
    const toolCall = JSON.stringify([
      { role: "assistant", parts: [{ type: "tool_call", name: "lookup", arguments: {} }] },
    ]);
    expect(scoresOf(llm({ "gen_ai.output.messages": toolCall })).rules.empty_output).toBe(0);
    expect(scoresOf(llm({ "gen_ai.response.finish_reasons": ["stop"] })).rules).not.toHaveProperty("empty_output");
    // OpenLLMetry-style legacy attributes and OpenAI message lists are read too.
    expect(
      scoresOf(
        llm({
          "gen_ai.completion.0.role": "assistant",
          "gen_ai.completion.0.content": "",
          "gen_ai.completion.0.finish_reason": "stop",
        }),
      ).rules.empty_output,
    ).toBe(1);
    expect(
      scoresOf(llm({ "gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.content": "Paris." })).rules
        .empty_output,
    ).toBe(0);
    expect(
      scoresOf(llm({ "gen_ai.output.messages": JSON.stringify([{ role: "assistant", content: "" }]) })).rules
        .empty_output,
    ).toBe(1);
  });

  it("truncated fires on finish reason length (and max_tokens), not on stop", () => {
    expect(scoresOf(llm({ "gen_ai.response.finish_reasons": ["length"] })).rules.truncated).toBe(1);
    expect(scoresOf(llm({ "gen_ai.response.finish_reasons": ["max_tokens"] })).rules.truncated).toBe(1);
    expect(scoresOf(llm({ "gen_ai.response.finish_reasons": ["stop"] })).rules.truncated).toBe(0);
    expect(scoresOf(llm({})).rules).not.toHaveProperty("truncated");
  });

  it("invalid_json fires only when JSON was asked for and the answer does not parse", () => {
    const json = { "gen_ai.output.type": "json" };
    expect(scoresOf(llm({ ...json, "gen_ai.output.messages": answer('{"city": "Paris"') })).rules.invalid_json).toBe(1);
    expect(
      scoresOf(llm({ ...json, "gen_ai.output.messages": answer('```json\n{"city": "Paris"}\n```') })).rules
        .invalid_json,
    ).toBe(0);
    expect(
      scoresOf(
        llm({
          "gen_ai.openai.request.response_format": "json_object",
          "gen_ai.output.messages": answer("Sure! Paris"),
        }),
      ).rules.invalid_json,
    ).toBe(1);
    expect(
      scoresOf({
        attributes: {
          "ai.operationId": "ai.generateObject.doGenerate",
          "ai.model.id": "gpt-4o",
          "ai.response.object": '{"a":1}',
        },
      }).rules.invalid_json,
    ).toBe(0);
    expect(scoresOf(llm({ "gen_ai.output.messages": answer("not json, and nobody asked") })).rules).not.toHaveProperty(
      "invalid_json",
    );
  });

  it("refusal fires on a declining answer, a refusal field or content_filter, not on a helpful answer that mentions limits", () => {
    expect(
      scoresOf(llm({ "gen_ai.output.messages": answer("I'm sorry, but I can't help with that request.") })).rules
        .refusal,
    ).toBe(1);
    expect(
      scoresOf(llm({ "gen_ai.output.messages": answer("I cannot assist with creating malware.") })).rules.refusal,
    ).toBe(1);
    expect(scoresOf(llm({ "gen_ai.response.finish_reasons": ["content_filter"] })).rules.refusal).toBe(1);
    expect(
      scoresOf(
        llm({
          "gen_ai.output.messages": JSON.stringify([{ role: "assistant", content: null, refusal: "I can't do that." }]),
        }),
      ).rules,
    ).toMatchObject({ refusal: 1, empty_output: 0 });
    expect(
      scoresOf(llm({ "gen_ai.output.messages": answer("Here is the summary. I can't guarantee it is complete.") }))
        .rules.refusal,
    ).toBe(0);
    // A failed call is an error, not a quality problem: no empty_output or refusal.
    expect(scoresOf(llm({ "gen_ai.output.messages": answer("") }, { code: 2, message: "429" })).rules).toEqual({});
  });

  it("retrieval_empty and retrieval_low_score on retrieval spans, with the per-project threshold", () => {
    const retrieval = (docs: Array<[string, number]>) => ({
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        ...Object.fromEntries(
          docs.flatMap(([id, score], i) => [
            [`retrieval.documents.${i}.document.id`, id],
            [`retrieval.documents.${i}.document.score`, score],
          ]),
        ),
      },
    });
    expect(scoresOf(retrieval([])).rules).toEqual({ retrieval_empty: 1 });
    expect(
      scoresOf(
        retrieval([
          ["a", 0.2],
          ["b", 0.41],
        ]),
      ).rules,
    ).toEqual({ retrieval_empty: 0, retrieval_low_score: 1 });
    expect(
      scoresOf(
        retrieval([
          ["a", 0.2],
          ["b", 0.8],
        ]),
      ).rules,
    ).toEqual({ retrieval_empty: 0, retrieval_low_score: 0 });
    expect(
      scoresOf(
        retrieval([
          ["a", 0.2],
          ["b", 0.41],
        ]),
        { ...settings, retrievalLowScore: 0.4 },
      ).rules.retrieval_low_score,
    ).toBe(0);
  });

  it("no rule applies to other kinds", () => {
    expect(scoresOf({ attributes: { "openinference.span.kind": "CHAIN" } }).drafts).toEqual([]);
  });
});

describe("OpenTelemetry GenAI evaluation results", () => {
  it("an evaluation event scores its span; an evaluation span scores its parent; malformed ones are skipped", () => {
    const { drafts, row } = scoresOf({
      attributes: { "openinference.span.kind": "CHAIN" },
      events: [
        {
          name: "gen_ai.evaluation.result",
          attributes: {
            "gen_ai.evaluation.name": "relevance",
            "gen_ai.evaluation.score.value": 0.75,
            "gen_ai.evaluation.score.label": "relevant",
            "gen_ai.evaluation.explanation": "on topic",
          },
        },
        { name: "gen_ai.evaluation.result", attributes: { "gen_ai.evaluation.score.value": 1 } },
      ],
    });
    expect(drafts).toEqual([
      expect.objectContaining({
        span_id: row.span_id,
        name: "relevance",
        value: 0.75,
        label: "relevant",
        comment: "on topic",
        source: "api",
      }),
    ]);
    const parent = spanId();
    const child = scoresOf({
      parentSpanId: parent,
      attributes: { "gen_ai.evaluation.name": "faithfulness", "gen_ai.evaluation.score.label": "pass" },
    });
    expect(child.drafts).toEqual([
      expect.objectContaining({ span_id: parent, name: "faithfulness", value: null, label: "pass" }),
    ]);
  });
});
