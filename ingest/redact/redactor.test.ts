import { describe, expect, it } from "vitest";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { normalizeAll } from "../normalize/normalize-all";
import { testSettings } from "@/ingest/testing/test-normalize";
import { decodeJson } from "../otlp/decode-json";
import { redactionSettingsInput, type RedactionSettings } from "@/lib/domain/redaction/redaction-settings";
import { redactorFor, type Tally } from "./redactor";

const ALL = redactorFor({
  detectors: ["private_key", "bearer_token", "jwt", "api_key", "email", "card", "phone"],
  customRules: [],
});
const KEY = "sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWx";

function run(text: string, redactor = ALL) {
  const tally: Tally = {};
  return { text: redactor.redact(text, tally), tally };
}

describe("redacting JSON payloads", () => {
  it("masks inside strings and keeps the JSON valid and otherwise identical", () => {
    const messages = [
      { role: "user", content: `line one\nalice@example.com\tkey ${KEY}\n"quoted" 4111 1111 1111 1111` },
      { role: "assistant", content: "ok", id: 0 },
    ];
    const raw = JSON.stringify(messages).replace('"id":0', '"id":12345678901234567890');
    const { text, tally } = run(raw);
    expect(() => JSON.parse(text)).not.toThrow();
    expect((JSON.parse(text) as typeof messages)[0]!.content).toBe('line one\n[email]\tkey [api_key]\n"quoted" [card]');
    // Numbers outside strings are kept byte for byte (no float rounding of a 20-digit id).
    expect(text).toContain("12345678901234567890");
    expect(tally).toEqual({ email: 1, api_key: 1, card: 1 });
  });

  it("turns a card sent as a JSON number into the string [card]", () => {
    const { text } = run('{"card":4111111111111111,"order":1234567812345670}');
    expect(JSON.parse(text)).toEqual({ card: "[card]", order: 1234567812345670 });
  });

  it("masks JSON cut by the payload cap as text, without taking the letter of an escape", () => {
    const cut = JSON.stringify([{ content: `hello\n${KEY} and\nbob@example.com trailing` }]).slice(0, -8);
    const { text, tally } = run(cut);
    expect(text).toContain("hello\\n[api_key] and\\n[email] tra");
    expect(tally).toEqual({ api_key: 1, email: 1 });
  });

  it("leaves text with nothing to mask untouched, the same string", () => {
    const text = JSON.stringify([{ role: "user", content: "What is 2+2? Reply at 12:30:45 on 2026-10-01." }]);
    expect(run(text).text).toBe(text);
  });
});

describe("custom rules", () => {
  const rules = (customRules: RedactionSettings["customRules"]) =>
    redactorFor(redactionSettingsInput.parse({ detectors: [], customRules }));

  it("masks their matches as [name] and counts them by name, in plain text and JSON", () => {
    const redactor = rules([
      { name: "order_id", pattern: "ORD-[0-9]{6}" },
      { name: "ssn", pattern: "\\b\\d{3}-\\d{2}-\\d{4}\\b" },
    ]);
    expect(run("orders ORD-123456, ORD-654321; ssn 078-05-1120", redactor)).toEqual({
      text: "orders [order_id], [order_id]; ssn [ssn]",
      tally: { order_id: 2, ssn: 1 },
    });
    const json = run(JSON.stringify({ note: "ref ORD-000001" }), redactor);
    expect(JSON.parse(json.text)).toEqual({ note: "ref [order_id]" });
  });

  it("runs in linear time: a pattern that would backtrack catastrophically elsewhere is harmless", () => {
    const redactor = rules([{ name: "nested", pattern: "(a+)+$" }]);
    const text = `${"a".repeat(50_000)}b`;
    expect(run(text, redactor).text).toBe(text);
  });

  it("patterns RE2 cannot run, and ones that match nothing-long, are refused naming the rule", () => {
    const refused = (pattern: string) =>
      redactionSettingsInput.safeParse({
        detectors: [],
        customRules: [
          { name: "ok", pattern: "x" },
          { name: "broken", pattern },
        ],
      });
    for (const pattern of ["(unclosed", "(a)\\1", "(?=lookahead)", "a*"]) {
      const result = refused(pattern);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({
        path: ["customRules", 1, "pattern"],
        message: expect.stringContaining('rule "broken"'),
      });
    }
    expect(
      redactionSettingsInput.safeParse({ detectors: [], customRules: [{ name: "email", pattern: "x" }] }).success,
    ).toBe(false);
    expect(
      redactionSettingsInput.safeParse({
        detectors: [],
        customRules: [
          { name: "a", pattern: "x" },
          { name: "a", pattern: "y" },
        ],
      }).success,
    ).toBe(false);
    expect(redactionSettingsInput.safeParse({ detectors: ["nope"], customRules: [] }).success).toBe(false);
  });
});

describe("on normalized spans", () => {
  const span = (
    attributes: Record<string, string>,
    events: Array<{ name: string; attributes: Record<string, string> }> = [],
  ) =>
    decodeJson(
      JSON.stringify(
        otlpJson(
          [
            {
              traceId: traceId(),
              spanId: spanId(),
              name: "chat",
              startMs: Date.now(),
              durationMs: 5,
              attributes,
              events,
              status: { code: 2, message: `401 for Bearer abcdefghijklmnop1234` },
            },
          ],
          { "service.name": "svc", "process.command_args": `["node","app.js","--key","${KEY}"]` },
        ),
      ),
    );

  it("masks every text column and attribute, counts per span, and is on for credentials by default", () => {
    const decoded = span(
      {
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", content: `my key is ${KEY}, mail alice@example.com` },
        ]),
        "app.note": "AKIAIOSFODNN7EXAMPLE",
        "observatory.redacted.count": "99",
      },
      [{ name: "exception", attributes: { "exception.message": `failed with ${KEY}`, "exception.type": "AuthError" } }],
    );
    const { rows } = normalizeAll("p1", decoded, testSettings);
    const row = rows[0]!;
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(stored).not.toContain("abcdefghijklmnop1234");
    // E-mail addresses are opt-in.
    expect(row.input).toContain("alice@example.com");
    expect(row.input).toContain("[api_key]");
    expect(row.status_message).toBe("401 for Bearer [bearer_token]");
    expect(row.exception_message).toBe("failed with [api_key]");
    expect(row.attributes["app.note"]).toBe("[api_key]");
    expect(row.resource_attributes["process.command_args"]).toContain("[api_key]");
    // Occurrences as stored: the input column and its (short, so not deduplicated) attribute, the exception
    // message and its event, app.note, the resource, and the status message; the sender's own count is replaced.
    expect(row.attributes).toMatchObject({
      "observatory.redacted.count": "7",
      "observatory.redacted.api_key": "6",
      "observatory.redacted.bearer_token": "1",
    });
  });

  it("leaves spans alone when a project turns everything off", () => {
    const decoded = span({ "app.note": KEY });
    const { rows } = normalizeAll("p1", decoded, { ...testSettings, redaction: { detectors: [], customRules: [] } });
    expect(rows[0]!.attributes["app.note"]).toBe(KEY);
    expect(rows[0]!.attributes["observatory.redacted.count"]).toBeUndefined();
  });

  it("masks an evaluation's explanation in the score it becomes", () => {
    const decoded = span({}, [
      {
        name: "gen_ai.evaluation.result",
        attributes: {
          "gen_ai.evaluation.name": "relevance",
          "gen_ai.evaluation.score.label": "bad",
          "gen_ai.evaluation.explanation": `leaked ${KEY}`,
        },
      },
    ]);
    const { scores } = normalizeAll("p1", decoded, testSettings);
    expect(scores.find((s) => s.name === "relevance")!.comment).toBe("leaked [api_key]");
  });
});
