"use client";
export type RedactionSettings = { detectors: string[]; customRules: Array<{ name: string; pattern: string }> };

const KINDS: Array<{ kind: string; label: string }> = [
  { kind: "api_key", label: "API keys (sk-…, AKIA…, ghp_…, xox…)" },
  { kind: "bearer_token", label: "Bearer tokens" },
  { kind: "jwt", label: "JSON Web Tokens" },
  { kind: "private_key", label: "Private key blocks" },
  { kind: "card", label: "Card numbers (Luhn-checked)" },
  { kind: "email", label: "E-mail addresses" },
  { kind: "phone", label: "Phone numbers" },
];

/** Built-in kinds as checkboxes named `detector`, and the project's own patterns. */
export function RedactionFields({
  initial,
  rules,
  setRules,
}: {
  initial: RedactionSettings;
  rules: RedactionSettings["customRules"];
  setRules: (rules: RedactionSettings["customRules"]) => void;
}) {
  const edit = (index: number, field: "name" | "pattern", value: string) =>
    setRules(rules.map((r, i) => (i === index ? { ...r, [field]: value } : r)));
  return (
    <fieldset style={{ display: "grid", gap: ".4rem" }}>
      <legend>Redaction at ingest</legend>
      <p className="muted" style={{ margin: 0 }}>
        Matches in payloads, messages and attribute values are replaced by their kind (<code>[email]</code>,{" "}
        <code>[card]</code>…) before anything is stored. Credentials and card numbers are masked by default.
      </p>
      {KINDS.map(({ kind, label }) => (
        <label key={kind} style={{ flexDirection: "row", alignItems: "center" }}>
          <input type="checkbox" name="detector" value={kind} defaultChecked={initial.detectors.includes(kind)} />{" "}
          {label}
        </label>
      ))}
      <span>
        Custom rules (RE2 syntax; matches become <code>[name]</code>)
      </span>
      {rules.map((rule, i) => (
        <div key={i} className="form-row">
          <input
            aria-label={`Rule ${i + 1} name`}
            value={rule.name}
            placeholder="order_id"
            onChange={(e) => edit(i, "name", e.target.value)}
          />
          <input
            aria-label={`Rule ${i + 1} pattern`}
            value={rule.pattern}
            placeholder="ORD-[0-9]{8}"
            onChange={(e) => edit(i, "pattern", e.target.value)}
          />
          <button type="button" onClick={() => setRules(rules.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" onClick={() => setRules([...rules, { name: "", pattern: "" }])}>
          Add rule
        </button>
      </div>
    </fieldset>
  );
}
