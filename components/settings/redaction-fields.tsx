"use client";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { InlineField } from "@/components/ui/label";
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
    <fieldset className="grid gap-1.5">
      <legend>Redaction at ingest</legend>
      <p className="text-muted-foreground m-0">
        Matches in payloads, messages and attribute values are replaced by their kind (<code>[email]</code>,{" "}
        <code>[card]</code>…) before anything is stored. Credentials and card numbers are masked by default.
      </p>
      {KINDS.map(({ kind, label }) => (
        <InlineField key={kind}>
          <Input type="checkbox" name="detector" value={kind} defaultChecked={initial.detectors.includes(kind)} />{" "}
          {label}
        </InlineField>
      ))}
      <span>
        Custom rules (RE2 syntax; matches become <code>[name]</code>)
      </span>
      {rules.map((rule, i) => (
        <div key={i} className="flex flex-wrap items-end gap-3">
          <Input
            aria-label={`Rule ${i + 1} name`}
            value={rule.name}
            placeholder="order_id"
            onChange={(e) => edit(i, "name", e.target.value)}
          />
          <Input
            aria-label={`Rule ${i + 1} pattern`}
            value={rule.pattern}
            placeholder="ORD-[0-9]{8}"
            onChange={(e) => edit(i, "pattern", e.target.value)}
          />
          <Button type="button" onClick={() => setRules(rules.filter((_, j) => j !== i))}>
            Remove
          </Button>
        </div>
      ))}
      <div>
        <Button type="button" onClick={() => setRules([...rules, { name: "", pattern: "" }])}>
          Add rule
        </Button>
      </div>
    </fieldset>
  );
}
