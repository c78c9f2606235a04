import type { Operation } from "./operations";
import { listSessionsQuery } from "@/lib/sessions/list-sessions";
import { endUsersQuery } from "@/lib/users/end-user-query";

// Sessions (conversations) and end users (issue 19).
export const conversationOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/sessions",
    summary:
      "Sessions (conversations), newest first by their first turn, with a cursor and a filter per column: start (from, to), status (error: a failed turn), tenant, userId, feature, model, turns, duration, tokens (input + output), cost, and the latest score of a name (scoreName with minScore / maxScore); per session turns, tenant, end user, features, models, tokens, cost, latest score",
    query: listSessionsQuery,
  },
  {
    method: "get",
    path: "/api/v1/sessions/{sessionId}",
    summary:
      "One session: its turns in order (user message and answer, hidden for finance and viewer), totals per turn and for the session, the failing step, and the same feature's last successful session",
  },
  {
    method: "get",
    path: "/api/v1/users",
    summary:
      "End users of the period, most expensive first: cost, tokens, spans, error spans, traces, sessions, tenants (optionally one tenant)",
    query: endUsersQuery,
  },
  {
    method: "get",
    path: "/api/v1/users/{userId}",
    summary: "One end user over the period: totals, the split by tenant, quality per score name, newest sessions",
    query: endUsersQuery.omit({ limit: true }),
  },
];
