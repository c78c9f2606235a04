"use client";
import { useState } from "react";
import { formatCount } from "@/lib/format/number";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

const PREVIEW_CHARS = 4000;

function pretty(text: string): { text: string; json: boolean } {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return { text, json: false };
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

/** A payload, pretty-printed when JSON; long ones show a preview so the page never stalls. */
export function Payload({
  label,
  value,
  hidden,
}: {
  label: string;
  value: string | null | undefined;
  hidden?: boolean;
}) {
  const [full, setFull] = useState(false);
  if (hidden) return <p className="text-muted-foreground">{label}: hidden for your role</p>;
  if (!value) return null;
  const { text } = pretty(value);
  const long = text.length > PREVIEW_CHARS;
  return (
    <details open={text.length < 1500}>
      <summary>
        {label} <span className="text-muted-foreground">({formatCount(text.length)} chars)</span>
      </summary>
      <pre className="max-h-[420px] whitespace-pre-wrap">
        {long && !full ? `${text.slice(0, PREVIEW_CHARS)}…` : text}
      </pre>
      {long && (
        <Button type="button" variant="secondary" onClick={() => setFull(!full)}>
          {full ? "Show less" : "Show all"}
        </Button>
      )}
    </details>
  );
}

type Part = {
  type?: string;
  content?: unknown;
  text?: unknown;
  id?: unknown;
  name?: unknown;
  arguments?: unknown;
  response?: unknown;
  uri?: unknown;
};
type ToolCall = {
  id?: unknown;
  name?: unknown;
  arguments?: unknown;
  function?: { name?: unknown; arguments?: unknown };
};
type Message = { role?: string; content?: unknown; parts?: Part[]; tool_calls?: ToolCall[]; finish_reason?: string };

const asText = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

// GenAI "parts" (2026): text, reasoning, tool_call, tool_call_response, uri/blob; OpenAI-style
// tool_calls beside the content. Each as one readable line rather than raw JSON.
function partText(p: Part): string {
  switch (p.type) {
    case "text":
      return asText(p.content ?? p.text);
    case "reasoning":
      return `(reasoning) ${asText(p.content ?? p.text)}`;
    case "tool_call":
      return `→ tool call ${asText(p.name)}(${asText(p.arguments)})${p.id ? ` [${asText(p.id)}]` : ""}`;
    case "tool_call_response":
      return `← tool result${p.id ? ` [${asText(p.id)}]` : ""}: ${asText(p.response)}`;
    case "uri":
      return `(file) ${asText(p.uri)}`;
    case "blob":
      return "(file, inline data)";
    default:
      return typeof p.content === "string" ? p.content : JSON.stringify(p);
  }
}

function messageText(m: Message): string {
  const body =
    typeof m.content === "string"
      ? m.content
      : Array.isArray(m.parts)
        ? m.parts.map(partText).join("\n")
        : Array.isArray(m.content)
          ? (m.content as Part[]).map(partText).join("\n")
          : m.content === undefined || m.content === null
            ? ""
            : JSON.stringify(m.content);
  const calls = (m.tool_calls ?? []).map(
    (c) =>
      `→ tool call ${asText(c.function?.name ?? c.name)}(${asText(c.function?.arguments ?? c.arguments)})${c.id ? ` [${asText(c.id)}]` : ""}`,
  );
  return [body, ...calls].filter(Boolean).join("\n");
}

/** Chat messages by role when the payload is a message list; otherwise the raw payload. */
export function Messages({
  label,
  value,
  hidden,
}: {
  label: string;
  value: string | null | undefined;
  hidden?: boolean;
}) {
  if (hidden || !value) return <Payload label={label} value={value} hidden={hidden} />;
  let messages: Message[] | null = null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((m) => m && typeof m === "object" && "role" in m))
      messages = parsed as Message[];
  } catch {
    messages = null;
  }
  if (!messages) return <Payload label={label} value={value} />;
  return (
    <div>
      <strong>{label}</strong>
      {messages.map((m, i) => {
        const content = messageText(m);
        return (
          <Card className="my-1.5 p-2" key={i}>
            <div className="text-sm text-muted-foreground">
              {m.role}
              {m.finish_reason ? ` · ${m.finish_reason}` : ""}
            </div>
            <div className="whitespace-pre-wrap">
              {content.length > PREVIEW_CHARS ? `${content.slice(0, PREVIEW_CHARS)}…` : content}
            </div>
          </Card>
        );
      })}
    </div>
  );
}
