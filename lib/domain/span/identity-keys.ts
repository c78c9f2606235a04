// Where each convention puts the end user and the session (conversation, thread) in span
// attributes. Ingest reads them into the typed columns (after the project's own keys); privacy
// requests also read them from attributes, for spans stored before the columns existed.
export const USER_ID_KEYS = [
  "user.id", // OpenTelemetry semantic conventions, OpenInference
  "enduser.id",
  "ai.settings.context.userId", // Vercel AI SDK 7 runtime context
  "ai.telemetry.metadata.userId", // Vercel AI SDK telemetry metadata
  "traceloop.association.properties.user_id", // OpenLLMetry
  "langfuse.user.id",
] as const;

export const SESSION_ID_KEYS = [
  "session.id", // OpenTelemetry, OpenInference
  "gen_ai.conversation.id",
  "ai.settings.context.sessionId",
  "ai.telemetry.metadata.sessionId",
  "traceloop.association.properties.session_id",
  "langfuse.session.id",
] as const;

/** Session and end-user ids are cut to this many characters (an id, not a payload). */
export const MAX_IDENTITY_LENGTH = 256;
