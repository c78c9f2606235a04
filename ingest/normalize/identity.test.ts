import { describe, expect, it } from "vitest";
import { normalizeOne as normalize, testSettings } from "@/ingest/testing/test-normalize";
import { traceIdentity } from "@/lib/domain/usage/trace-attribution";
import { MAX_IDENTITY_LENGTH } from "@/lib/domain/span/identity-keys";

// Session (conversation) and end-user ids, by every convention issue 19 lists, into the typed
// columns session_id / user_id.

const cases: Array<[string, Record<string, string>, { session_id: string; user_id: string }]> = [
  ["OpenTelemetry", { "session.id": "s-otel", "user.id": "u-otel" }, { session_id: "s-otel", user_id: "u-otel" }],
  [
    "GenAI conversation and enduser",
    { "gen_ai.conversation.id": "s-genai", "enduser.id": "u-end" },
    { session_id: "s-genai", user_id: "u-end" },
  ],
  [
    "OpenLLMetry association properties",
    { "traceloop.association.properties.session_id": "s-tl", "traceloop.association.properties.user_id": "u-tl" },
    { session_id: "s-tl", user_id: "u-tl" },
  ],
  [
    "Vercel AI SDK telemetry metadata",
    { "ai.telemetry.metadata.sessionId": "s-v", "ai.telemetry.metadata.userId": "u-v" },
    { session_id: "s-v", user_id: "u-v" },
  ],
  [
    "Vercel AI SDK 7 runtime context",
    { "ai.settings.context.sessionId": "s-v7", "ai.settings.context.userId": "u-v7" },
    { session_id: "s-v7", user_id: "u-v7" },
  ],
  ["Langfuse", { "langfuse.session.id": "s-lf", "langfuse.user.id": "u-lf" }, { session_id: "s-lf", user_id: "u-lf" }],
  [
    "OpenInference metadata JSON",
    { "openinference.span.kind": "CHAIN", metadata: JSON.stringify({ session_id: "s-oi", user_id: "u-oi" }) },
    { session_id: "s-oi", user_id: "u-oi" },
  ],
];

describe("session and end user at ingest", () => {
  it.each(cases)("reads %s", (_name, attributes, expected) => {
    expect(normalize({ attributes })).toMatchObject(expected);
  });

  it("reads the project's own keys first, then the attributes, then the resource", () => {
    const settings = { ...testSettings, sessionKeys: ["app.conversation"], userKeys: ["app.customer_user"] };
    const own = normalize(
      { attributes: { "app.conversation": "mine", "session.id": "standard", "app.customer_user": "me" } },
      undefined,
      settings,
    );
    expect(own).toMatchObject({ session_id: "mine", user_id: "me" });
    const fromResource = normalize(
      { attributes: {} },
      { "service.name": "svc", "session.id": "s-res", "user.id": "u-res" },
    );
    expect(fromResource).toMatchObject({ session_id: "s-res", user_id: "u-res" });
    expect(normalize({ attributes: {} })).toMatchObject({ session_id: "", user_id: "" });
  });

  it("cuts an id to its bound", () => {
    const row = normalize({ attributes: { "session.id": "x".repeat(5000) } });
    expect(row.session_id).toHaveLength(MAX_IDENTITY_LENGTH);
  });

  it("a trace's session and user are the root's, else the earliest span's, whatever the order", () => {
    const span = (id: string, parent: string, start: string, session: string, user = "") => ({
      span_id: id,
      parent_span_id: parent,
      start_time: `2026-11-01 12:00:0${start}.000000`,
      tenant: "",
      feature: "",
      session_id: session,
      user_id: user,
    });
    const child = span("b", "a", "1", "child-session", "child-user");
    const later = span("c", "a", "2", "later-session");
    const root = span("a", "", "3", "root-session");
    expect(traceIdentity([child, later])).toEqual({ session_id: "child-session", user_id: "child-user" });
    expect(traceIdentity([later, child, root])).toEqual({ session_id: "root-session", user_id: "child-user" });
    expect(traceIdentity([root, later, child])).toEqual(traceIdentity([child, root, later]));
  });
});
