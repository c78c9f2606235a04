"use client";
import { useState } from "react";

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
export function Payload({ label, value, hidden }: { label: string; value: string | null | undefined; hidden?: boolean }) {
  const [full, setFull] = useState(false);
  if (hidden) return <p className="muted">{label}: hidden for your role</p>;
  if (!value) return null;
  const { text } = pretty(value);
  const long = text.length > PREVIEW_CHARS;
  return (
    <details open={text.length < 1500}>
      <summary>{label} <span className="muted">({text.length.toLocaleString("en-US")} chars)</span></summary>
      <pre style={{ maxHeight: 420, whiteSpace: "pre-wrap" }}>{long && !full ? `${text.slice(0, PREVIEW_CHARS)}…` : text}</pre>
      {long && <button type="button" className="secondary" onClick={() => setFull(!full)}>{full ? "Show less" : "Show all"}</button>}
    </details>
  );
}

type Message = { role?: string; content?: unknown; parts?: Array<{ content?: unknown; type?: string }> };

/** Chat messages by role when the payload is a message list; otherwise the raw payload. */
export function Messages({ label, value, hidden }: { label: string; value: string | null | undefined; hidden?: boolean }) {
  if (hidden || !value) return <Payload label={label} value={value} hidden={hidden} />;
  let messages: Message[] | null = null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((m) => m && typeof m === "object" && "role" in m)) messages = parsed as Message[];
  } catch {
    messages = null;
  }
  if (!messages) return <Payload label={label} value={value} />;
  return (
    <div>
      <strong>{label}</strong>
      {messages.map((m, i) => {
        const content = typeof m.content === "string" ? m.content : m.parts ? m.parts.map((p) => (typeof p.content === "string" ? p.content : JSON.stringify(p))).join("\n") : JSON.stringify(m.content ?? m);
        return (
          <div key={i} className="panel" style={{ margin: ".4rem 0", padding: ".5rem" }}>
            <div className="muted">{m.role}</div>
            <div style={{ whiteSpace: "pre-wrap" }}>{content.length > PREVIEW_CHARS ? `${content.slice(0, PREVIEW_CHARS)}…` : content}</div>
          </div>
        );
      })}
    </div>
  );
}
