// Built-in detectors of personal data and credentials. Each is one linear-time V8 regex (no
// nested unbounded quantifiers) plus an optional check of the match, so that shapes that merely
// look alike (order ids, timestamps, version strings) are left alone. Character classes never
// include `"` or `\`, so a match never takes part of a JSON escape or a closing quote, and a
// `\n`, `\r` or `\t` escape before a match counts as a separator (JSON text that a cap cut is
// redacted as plain text).
import type { DetectorKind } from "@/lib/domain/redaction/redaction-settings";

export type Detector = {
  kind: DetectorKind;
  /** Global regex; the whole match is replaced by `[kind]`. */
  pattern: RegExp;
  /**
   * A cheap test that any match needs (no lookbehind, mostly literals, so V8 scans for it
   * quickly): text without it is never given to `pattern`.
   */
  trigger: RegExp;
  /** Shortest text the pattern can match: shorter strings are skipped without running it. */
  minLength: number;
  /** Refuses a match that only looks like the kind. */
  accept?: (match: string) => boolean;
};

const digitsOf = (s: string) => s.replace(/\D/g, "");

/** Luhn checksum, the check digit of every payment card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Issuer prefixes and lengths (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay): with
// the Luhn check, a 16-digit id starting with 1, 7, 8, 9 or 0 is never taken for a card.
const CARD_BRANDS: Array<[RegExp, number[]]> = [
  [/^4/, [13, 16, 19]],
  [/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/, [16]],
  [/^3[47]/, [15]],
  [/^(6011|65|64[4-9])/, [16, 17, 18, 19]],
  [/^35(2[89]|[3-8]\d)/, [16, 17, 18, 19]],
  [/^3(0[0-5]|[689])/, [14, 15, 16, 17, 18, 19]],
  [/^62/, [16, 17, 18, 19]],
];

export function looksLikeCard(text: string): boolean {
  const digits = digitsOf(text);
  if (digits.length < 13 || digits.length > 19) return false;
  // Separators only between groups of at least 3 digits ("4111 1111 1111 1111", "3782-822463-10005").
  if (/\D/.test(text) && !/^\d{3,}(?:[ -]\d{3,})+$/.test(text)) return false;
  return (
    CARD_BRANDS.some(([prefix, lengths]) => prefix.test(digits) && lengths.includes(digits.length)) && luhnValid(digits)
  );
}

function phoneDigitsOk(text: string): boolean {
  const n = digitsOf(text).length;
  return text.startsWith("+") ? n >= 10 && n <= 15 : n === 10;
}

// sk-... keys are random: a digit among the letters tells them from "sk-learn-is-a-library".
const hasDigit = (s: string) => /\d/.test(s);

export const DETECTORS: Record<DetectorKind, Detector> = {
  private_key: {
    kind: "private_key",
    trigger: /PRIVATE KEY-----/,
    // To the END line (a 4096-bit key is ~3.3k characters), or to the end of a capped text;
    // `\\[^"]` keeps a JSON escape whole.
    pattern:
      /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----(?:[^-"\\]|\\[^"]|-(?!----END)){0,12000}(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----)?/g,
    minLength: 30,
  },
  bearer_token: {
    kind: "bearer_token",
    trigger: /earer[ \t]|EARER[ \t]/,
    // Only the credential: "Bearer [bearer_token]" still says what the header was.
    pattern: /(?<=\b(?:[Bb]earer|BEARER)[ \t]{1,8})[A-Za-z0-9._~+/-]{16,}=*/g,
    minLength: 23,
  },
  jwt: {
    kind: "jwt",
    trigger: /eyJ/,
    pattern: /(?:(?<![\w\\-])|(?<=\\[nrt]))eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    minLength: 20,
  },
  api_key: {
    kind: "api_key",
    trigger: /sk-|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abposr]-/,
    // OpenAI/Anthropic-style sk-, AWS access key ids, GitHub tokens, Slack tokens.
    pattern:
      /(?:(?<![\w\\-])|(?<=\\[nrt]))(?:sk-[A-Za-z0-9_-]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|xox[abposr]-[A-Za-z0-9-]{10,})(?![\w-])/g,
    minLength: 20,
    accept: (m) => !m.startsWith("sk-") || hasDigit(m),
  },
  email: {
    kind: "email",
    trigger: /@/,
    // Not "icon@2x.png": a file extension is not a top-level domain.
    pattern:
      /(?:(?<![\w.%+\\-])|(?<=\\[nrt]))[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?!(?:png|jpe?g|gif|svg|webp|ico|pdf)(?![A-Za-z]))[A-Za-z]{2,24}(?![\w-])/g,
    minLength: 6,
  },
  card: {
    kind: "card",
    trigger: /\d(?:[ -]?\d){12}/,
    pattern: /(?:(?<![\w.\\-])|(?<=\\[nrt]))\d(?:[ -]?\d){12,18}(?![\w-])/g,
    minLength: 13,
    accept: looksLikeCard,
  },
  phone: {
    kind: "phone",
    trigger: /\+[1-9]|\d{3}[ .-]\d{3}[ .-]\d{4}|\(\d{3}\)/,
    // International (+ and 10–15 digits) or North American with separators; a bare run of
    // digits is a timestamp or an id far more often than a phone number.
    pattern:
      /(?<![\w+])\+[1-9][\d ().-]{7,20}\d(?![\w-])|(?:(?<![\w.\\-])|(?<=\\[nrt]))(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])/g,
    minLength: 10,
    accept: phoneDigitsOk,
  },
};
