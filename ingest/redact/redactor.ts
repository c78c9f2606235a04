import type { RE2JS } from "re2js";
import { DETECTORS, looksLikeCard, type Detector } from "./detectors";
import { DETECTOR_KINDS } from "@/lib/domain/redaction/redaction-settings";
import {
  compileCustomRule,
  DEFAULT_REDACTION,
  type RedactionSettings,
} from "@/lib/domain/redaction/redaction-settings";

/** Matches masked so far, by kind (built-in kind or custom rule name). */
export type Tally = Record<string, number>;

export type Redactor = {
  /** False when nothing is enabled: callers skip all work. */
  active: boolean;
  /** The text with every match replaced by `[kind]`; counts go into `tally`. */
  redact(text: string, tally: Tally): string;
};

type Compiled = {
  detectors: Detector[];
  custom: Array<{ name: string; re: RE2JS }>;
  triggers: RegExp | null;
  minLength: number;
  cards: boolean;
};

const count = (tally: Tally, kind: string) => {
  tally[kind] = (tally[kind] ?? 0) + 1;
};

function compile(settings: RedactionSettings): Compiled {
  // Fixed order: a bearer credential that is a JWT counts as the bearer token it is.
  const detectors = DETECTOR_KINDS.filter((k) => settings.detectors.includes(k)).map((k) => DETECTORS[k]);
  const custom = settings.customRules.flatMap((rule) => {
    try {
      return [{ name: rule.name, re: compileCustomRule(rule.pattern) }];
    } catch {
      return []; // refused on save; a row written before validation existed is skipped, not fatal
    }
  });
  return {
    detectors,
    custom,
    triggers: detectors.length ? new RegExp(detectors.map((d) => d.trigger.source).join("|")) : null,
    minLength: custom.length ? 1 : Math.min(...detectors.map((d) => d.minLength)),
    cards: detectors.some((d) => d.kind === "card"),
  };
}

const LONG = 2048;

function mayMatch(c: Compiled, text: string): boolean {
  if (text.length < c.minLength) return false;
  if (text.length < LONG) {
    // Short texts: one call, whose fixed cost outweighs the scan.
    if (c.triggers?.test(text)) return true;
  } else {
    // Long texts: trigger by trigger, since V8 finds a literal far faster alone than inside an alternation.
    for (const d of c.detectors) if (d.trigger.test(text)) return true;
  }
  return c.custom.some((rule) => rule.re.test(text));
}

function redactPlain(c: Compiled, text: string, tally: Tally): string {
  let out = text;
  for (const d of c.detectors) {
    if (out.length < d.minLength || !d.trigger.test(out)) continue;
    out = out.replace(d.pattern, (match) => {
      if (d.accept && !d.accept(match)) return match;
      count(tally, d.kind);
      return `[${d.kind}]`;
    });
  }
  for (const rule of c.custom) {
    const m = rule.re.matcher(out);
    let kept = "";
    let from = 0;
    while (m.find()) {
      if (m.end() === m.start()) continue; // an empty match masks nothing
      kept += `${out.slice(from, m.start())}[${rule.name}]`;
      from = m.end();
      count(tally, rule.name);
    }
    if (from > 0) out = kept + out.slice(from);
  }
  return out;
}

// A JSON string literal (to its closing quote, or to the end of a cut text), or a number.
const JSON_TOKEN = /"[^"\\]*(?:\\[\s\S][^"\\]*)*(?:"|$)|-?\d[\d.eE+-]*/g;

// Valid JSON is redacted string by string on the decoded text, so patterns see what the
// sender wrote (not its escapes) and the result stays valid JSON; a card sent as a number
// becomes the string "[card]". Everything between tokens is kept byte for byte.
function redactJson(c: Compiled, text: string, tally: Tally): string {
  return text.replace(JSON_TOKEN, (token) => {
    if (token.startsWith('"')) {
      if (!mayMatch(c, token)) return token;
      const decoded = JSON.parse(token) as string;
      const redacted = redactPlain(c, decoded, tally);
      return redacted === decoded ? token : JSON.stringify(redacted);
    }
    if (c.cards && looksLikeCard(token)) {
      count(tally, "card");
      return '"[card]"';
    }
    return token;
  });
}

function isJson(text: string): boolean {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false; // cut by the payload cap, or plain text that opens with a bracket
  }
}

function build(settings: RedactionSettings): Redactor {
  const c = compile(settings);
  if (!c.detectors.length && !c.custom.length) return { active: false, redact: (text) => text };
  return {
    active: true,
    redact(text, tally) {
      if (!mayMatch(c, text)) return text;
      return isJson(text) ? redactJson(c, text, tally) : redactPlain(c, text, tally);
    },
  };
}

// Settings objects are cached per project for 30 s by their reader, so one compile serves
// every request in that time.
const compiled = new WeakMap<RedactionSettings, Redactor>();
const defaultRedactor = build(DEFAULT_REDACTION);

/** The redactor of a project's settings; projects that never saved any get the defaults. */
export function redactorFor(settings: RedactionSettings | undefined): Redactor {
  if (!settings) return defaultRedactor;
  let redactor = compiled.get(settings);
  if (!redactor) compiled.set(settings, (redactor = build(settings)));
  return redactor;
}
