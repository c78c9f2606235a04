import { describe, expect, it } from "vitest";
import { luhnValid } from "./detectors";
import { DETECTOR_KINDS, type DetectorKind } from "@/lib/domain/redaction/redaction-settings";
import { redactorFor, type Tally } from "./redactor";

const only = (kind: DetectorKind) => redactorFor({ detectors: [kind], customRules: [] });
function redact(kind: DetectorKind, text: string) {
  const tally: Tally = {};
  return { text: only(kind).redact(text, tally), count: tally[kind] ?? 0 };
}

// Each built-in: texts it must mask (with what stays around the mask) and look-alikes it must leave alone.
const CASES: Record<DetectorKind, { masks: Array<[string, string]>; keeps: string[] }> = {
  email: {
    masks: [
      ["write to alice.smith+tag@example.co.uk today", "write to [email] today"],
      ["<bob_99@mail.example.com>", "<[email]>"],
      ["a@b.io, c@d.io", "[email], [email]"],
    ],
    keeps: ["icon@2x.png", "user@localhost", "pkg@1.2.3", "@scope/pkg@4.0.0", "no at sign here", "name @ domain.com"],
  },
  phone: {
    masks: [
      ["call +1 (415) 555-2671 now", "call [phone] now"],
      ["+44 20 7946 0958", "[phone]"],
      ["+14155552671", "[phone]"],
      ["(415) 555-2671", "[phone]"],
      ["415-555-2671 or 415.555.2671", "[phone] or [phone]"],
    ],
    keeps: [
      "2026-10-01",
      "12:30:45",
      "192.168.100.200",
      "1700000000000",
      "+100 tokens",
      "+1234567",
      "order 4155552671",
      "v1.415.555.2671",
    ],
  },
  card: {
    masks: [
      ["card 4111 1111 1111 1111 exp 12/29", "card [card] exp 12/29"],
      ["4111-1111-1111-1111", "[card]"],
      ["5555555555554444", "[card]"],
      ["amex 378282246310005.", "amex [card]."],
      ["3782-822463-10005", "[card]"],
    ],
    // Luhn fails; no issuer starts with 1; right digits but wrong length for Visa; a longer run; grouped oddly.
    keeps: [
      "4111111111111112",
      "1234567812345670",
      "41111111111111111",
      "order 41111111111111110000",
      "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
      "v2.4111111111111111",
    ],
  },
  api_key: {
    masks: [
      ["key=sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWx", "key=[api_key]"],
      ["sk-ant-api03-abcDEF123456ghiJKL789mno", "[api_key]"],
      ["AKIAIOSFODNN7EXAMPLE", "[api_key]"],
      ["token ghp_16C7e42F292c6912E7710c838347Ae178B4a", "token [api_key]"],
      ["xoxb-123456789012-abcdefABCDEF", "[api_key]"],
      ["github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuv", "[api_key]"],
    ],
    keeps: [
      "sk-learn-is-a-python-library",
      "sk-short1",
      "AKIAlowercase0000000",
      "ghp_tooShort123",
      "desk-0123456789abcdefghij",
      "xox-nothing",
    ],
  },
  jwt: {
    masks: [
      [
        "id_token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "id_token: [jwt]",
      ],
      ["eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "[jwt]"],
    ],
    keeps: ["eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOi.notjson.sig", "keyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig"],
  },
  bearer_token: {
    masks: [
      ["Authorization: Bearer abcdefghijklmnop1234", "Authorization: Bearer [bearer_token]"],
      ["authorization=bearer 0123456789abcdefXYZ==", "authorization=bearer [bearer_token]"],
    ],
    keeps: ["Bearer short", "the bearer of bad news carried everything", "Bearer"],
  },
  private_key: {
    masks: [
      [
        "k=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nAbCd==\n-----END PRIVATE KEY-----\nafter",
        "k=[private_key]\nafter",
      ],
      [
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nMIIEow\n-----END RSA PRIVATE KEY-----",
        "[private_key]",
      ],
      ["cut: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA", "cut: [private_key]"],
    ],
    keeps: [
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZI\n-----END PUBLIC KEY-----",
      "-----BEGIN CERTIFICATE-----",
    ],
  },
};

describe("built-in detectors", () => {
  for (const kind of DETECTOR_KINDS) {
    describe(kind, () => {
      it.each(CASES[kind].masks)("masks %j", (input, expected) => {
        const { text, count } = redact(kind, input);
        expect(text).toBe(expected);
        expect(count).toBe((expected.match(new RegExp(`\\[${kind}\\]`, "g")) ?? []).length);
      });
      it.each(CASES[kind].keeps.map((t) => [t]))("leaves %j alone", (input) => {
        expect(redact(kind, input)).toEqual({ text: input, count: 0 });
      });
    });
  }

  it("checks the Luhn digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true);
  });
});
