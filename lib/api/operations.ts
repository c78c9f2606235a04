import type { ZodType } from "zod";
import { createProjectInput } from "@/lib/projects/create-project";
import { changeApiKeyScopesInput } from "@/lib/api-keys/change-api-key-scopes";
import { createApiKeyInput } from "@/lib/api-keys/create-api-key";
import { inviteMemberInput } from "@/lib/members/invite-member";
import { changeRoleInput } from "@/lib/members/change-role";
import { listTracesQuery } from "@/lib/traces/list-traces";
import { listLogsQuery } from "@/lib/logs/list-logs";
import { ingestSettingsInput } from "@/lib/ingest-settings/ingest-settings";
import { costQuery } from "@/lib/cost/cost-metrics";
import { gpuRateInput, priceInput, pricePatch } from "@/lib/pricing/price-catalog";
import { revenueJsonBody } from "@/lib/finance/revenue";
import { marginsQuery } from "@/lib/finance/margins";
import { overviewParams } from "@/lib/overview/overview";
import { explorerParams } from "@/lib/cost/cost-explorer";
import { scoreBatchBody, scoresQuery } from "@/lib/scores/write-scores";
import { qualityMetricsQuery } from "@/lib/quality/quality-metrics";
import { feedbackBody } from "@/lib/feedback/handle-feedback";
import { feedbackKeyInput } from "@/lib/feedback/feedback-keys";
import { judgeSettingsInput } from "@/lib/judge/judge-settings";
import { ownerInput } from "@/lib/alerts/owners";
import { channelInput } from "@/lib/alerts/channels";
import { rulePatch, ruleInput } from "@/lib/alerts/rules";
import { ticketPatch, ticketQuery } from "@/lib/alerts/tickets";
import { metricsQuery } from "@/lib/metrics/metrics-query";
import { retentionSettingsInput } from "@/lib/retention/retention-settings";
import { alertOperations } from "./alert-operations";
import { conversationOperations } from "./conversation-operations";
import { replayOperations } from "./replay-operations";
import { financeOperations } from "./finance-operations";

// Every operation of the public API with the same zod schemas its route validates with.
export type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  body?: ZodType;
  query?: ZodType;
};

export const operations: Operation[] = [
  {
    method: "get",
    path: "/api/health",
    summary:
      "Health of both stores and the ingest log (lagSeconds, backlogBytes, appliedPosition); 503 when a store is down",
  },
  {
    method: "post",
    path: "/api/v1/projects",
    summary: "Create a project (signed-in person: an admin of some project, or one with none yet; never an API key)",
    body: createProjectInput,
  },
  {
    method: "post",
    path: "/api/v1/projects/{id}/api-keys",
    summary: "Create an API key; the secret is returned once",
    body: createApiKeyInput,
  },
  { method: "get", path: "/api/v1/members", summary: "Members and pending invitations of the current project" },
  {
    method: "post",
    path: "/api/v1/members",
    summary: "Invite a member by e-mail with a role",
    body: inviteMemberInput,
  },
  {
    method: "patch",
    path: "/api/v1/members/{userId}",
    summary: "Change a member's role (signed-in person, never an API key)",
    body: changeRoleInput.pick({ role: true }),
  },
  {
    method: "delete",
    path: "/api/v1/members/{userId}",
    summary: "Remove a member; the last admin stays (signed-in person, never an API key)",
  },
  {
    method: "delete",
    path: "/api/v1/invitations/{id}",
    summary: "Withdraw a pending invitation (signed-in person, never an API key)",
  },
  {
    method: "get",
    path: "/api/v1/api-keys",
    summary:
      "The current project's API keys: name, scopes, prefix, last used, revoked (signed-in person, never an API key)",
  },
  {
    method: "post",
    path: "/api/v1/api-keys",
    summary:
      "Create an API key for the current project; the secret is returned once (signed-in person, never an API key)",
    body: createApiKeyInput,
  },
  {
    method: "patch",
    path: "/api/v1/api-keys/{id}",
    summary: "Change a key's scopes: ingest, read, write (signed-in person, never an API key)",
    body: changeApiKeyScopesInput,
  },
  {
    method: "delete",
    path: "/api/v1/api-keys/{id}",
    summary: "Revoke an API key (signed-in person, never an API key)",
  },
  {
    method: "post",
    path: "/v1/traces",
    summary: "OTLP/HTTP trace export (application/x-protobuf or application/json, optional gzip)",
  },
  {
    method: "post",
    path: "/v1/logs",
    summary:
      "OTLP/HTTP log export (application/x-protobuf or application/json, optional gzip); GenAI event records fill their span's messages",
  },
  {
    method: "get",
    path: "/api/v1/logs",
    summary:
      "Log records, newest first: from, to, traceId, severity (minimum: a name or 1..24), q (body text; engineer and admin), limit, cursor; bodies hidden for finance and viewer",
    query: listLogsQuery,
  },
  {
    method: "post",
    path: "/v1/metrics",
    summary:
      "OTLP/HTTP metrics export: gauges, sums, histograms (explicit and exponential), summaries (application/x-protobuf or application/json, optional gzip)",
  },
  {
    method: "get",
    path: "/api/v1/metrics/gpu",
    summary:
      "Utilization (%) and memory used/total (bytes) per GPU (host + UUID or index, model name) over time, from hw.gpu.* and DCGM_FI_DEV_* gauges",
    query: metricsQuery,
  },
  {
    method: "get",
    path: "/api/v1/metrics/serving",
    summary:
      "Serving-engine latency for a period: TTFT, TPOT, server request and client operation duration p50/p95 (from histogram buckets, by model), token usage from gen_ai.client.token.usage, and a p50/p95 series",
    query: metricsQuery,
  },
  {
    method: "get",
    path: "/api/v1/traces",
    summary:
      "Traces, newest first, with filters and a cursor; q (names and payloads) needs a role that reads payloads (403 naming q otherwise); error messages hidden for finance and viewer",
    query: listTracesQuery,
  },
  {
    method: "get",
    path: "/api/v1/traces/{traceId}",
    summary:
      "One trace with its spans; for finance and viewer only structural fields and attributes (no payloads, messages or custom attributes)",
  },
  { method: "get", path: "/api/v1/traces/{traceId}/otlp", summary: "One trace as OTLP/JSON, ready to re-import" },
  ...conversationOperations,
  {
    method: "get",
    path: "/api/v1/metrics/cost",
    summary:
      "Cost by tenant, feature, model, kind, end user (user), session and time bucket; unpriced usage listed; session cannot combine with kind",
    query: costQuery,
  },
  { method: "get", path: "/api/v1/prices", summary: "The project's model prices and the default catalog" },
  {
    method: "post",
    path: "/api/v1/prices",
    summary: "Add a model price (exact name or * pattern), from a date or for all history",
    body: priceInput,
  },
  {
    method: "patch",
    path: "/api/v1/prices/{id}",
    summary:
      "Change a project price in place (rates, effectiveFrom, effectiveTo), or end it: { effectiveTo } stops it from the UTC midnight on or after that time",
    body: pricePatch,
  },
  { method: "delete", path: "/api/v1/prices/{id}", summary: "Remove a project price" },
  { method: "get", path: "/api/v1/gpu-rates", summary: "The project's GPU hourly rates and the defaults" },
  { method: "post", path: "/api/v1/gpu-rates", summary: "Add a GPU hourly rate", body: gpuRateInput },
  {
    method: "put",
    path: "/api/v1/revenue",
    summary:
      "Revenue per tenant and month: JSON { entries: [{ tenant, month, revenueUsd }] } or text/csv tenant,month,revenue_usd; all rows or none; ?dryRun=true previews (accepted entries and every rejected row) without applying",
    body: revenueJsonBody,
  },
  {
    method: "get",
    path: "/api/v1/overview",
    summary:
      "The Overview for a period (1h, 24h, 7d, 30d): totals against the previous period, requests, errors, latency p50/p95/p99, tokens, cache hit rate, TTFT/TPOT, cost and cost per request over time, the main scores' trend, per-feature figures and what needs attention",
    query: overviewParams,
  },
  {
    method: "get",
    path: "/api/v1/margins",
    summary:
      "Revenue against LLM and GPU cost per tenant for a month; for the current month the revenue share and margin to date, the projected cost (run rate × weekday pattern) and margin, and the tenants under water (projected cost above revenue); a closed month answers from its snapshot with closed.live.differenceUsd; format=csv downloads it",
    query: marginsQuery,
  },
  {
    method: "get",
    path: "/api/v1/margins/trend",
    summary: "Twelve months of revenue, AI cost and margin % ending with month",
    query: marginsQuery,
  },
  {
    method: "get",
    path: "/api/v1/cost/explorer",
    summary:
      "The /cost explorer: period totals and change, series, breakdown with share, change and week-over-week flags, Pareto; format=csv downloads the breakdown",
    query: explorerParams,
  },
  {
    method: "get",
    path: "/api/v1/settings/ingest",
    summary: "Attribution keys, payload cap, retrieval threshold and redaction rules of the project",
  },
  {
    method: "put",
    path: "/api/v1/settings/ingest",
    summary:
      "Set attribution keys, payload cap, the low retrieval score threshold and redaction rules (left out: unchanged)",
    body: ingestSettingsInput,
  },
  {
    method: "get",
    path: "/api/v1/settings/retention",
    summary:
      "Retention of the project in days (null keeps): spanDays, payloadDays, logDays, metricDays (null: METRICS_RETENTION_DAYS), scoreDays, costDays; appliedAt",
  },
  {
    method: "put",
    path: "/api/v1/settings/retention",
    summary: "Set the retention and apply it to stored data at once; answers the settings and what was removed",
    body: retentionSettingsInput,
  },
  {
    method: "delete",
    path: "/api/v1/users/{userId}/data",
    summary:
      "Privacy request: delete an end user's traces (spans naming them, their sessions), logs and scores, correcting the rollups; audited; answers the counts removed",
  },
  {
    method: "delete",
    path: "/api/v1/projects/{id}",
    summary: "Delete a project and every row of its data in both stores; audited (signed-in person, never an API key)",
  },
  {
    method: "post",
    path: "/api/v1/scores",
    summary: `Scores on traces, spans or sessions: { scores: [item] }, each item traceId (or sessionId: the whole conversation), spanId?, name, value?, label?, source?, comment?, timestamp?; answers { accepted, rejected: [{ index, error }], pending: [index] } (pending: the trace has not arrived yet)`,
    body: scoreBatchBody,
  },
  {
    method: "get",
    path: "/api/v1/scores",
    summary:
      "?traceId= the latest scores of a trace; ?status=orphaned scores whose trace never arrived within the grace window",
    query: scoresQuery,
  },
  {
    method: "get",
    path: "/api/v1/metrics/quality",
    summary:
      "Score average (numeric values), count and label counts by name and model, promptVersion, feature, tenant or source, per interval",
    query: qualityMetricsQuery,
  },
  {
    method: "post",
    path: "/api/v1/feedback",
    summary:
      "End-user feedback with a public key (?key=pk-obs-…): thumbs up/down and a comment; CORS per key, rate limited",
    body: feedbackBody,
  },
  {
    method: "get",
    path: "/api/v1/feedback-keys",
    summary: "Public feedback keys of the project (signed-in person, never an API key)",
  },
  {
    method: "post",
    path: "/api/v1/feedback-keys",
    summary: "Create a public feedback key with allowed origins and a rate (signed-in person, never an API key)",
    body: feedbackKeyInput,
  },
  {
    method: "delete",
    path: "/api/v1/feedback-keys/{id}",
    summary: "Revoke a public feedback key (signed-in person, never an API key)",
  },
  {
    method: "get",
    path: "/api/v1/settings/judge",
    summary: "The LLM-as-judge settings; the endpoint key is never returned (hasApiKey)",
  },
  {
    method: "put",
    path: "/api/v1/settings/judge",
    summary: "Set the LLM-as-judge: OpenAI-compatible base URL, model, key (kept encrypted), template, sample rate",
    body: judgeSettingsInput,
  },
  {
    method: "get",
    path: "/api/v1/owners",
    summary:
      "Owner and escalation contact per feature; features seen in 90 days without an owner are listed with ownerEmail null",
  },
  {
    method: "put",
    path: "/api/v1/owners",
    summary:
      "Set a feature's owner (any e-mail) and optional escalation contact; moveOpenTickets: true moves its open tickets to the new owner (the answer counts them either way)",
    body: ownerInput,
  },
  {
    method: "get",
    path: "/api/v1/channels",
    summary: "Notification channels (secrets never returned: a summary instead)",
  },
  {
    method: "post",
    path: "/api/v1/channels",
    summary:
      "Add a channel: webhook { url, secret } (HMAC-SHA256 in x-observatory-signature over `timestamp.body`), slack { webhookUrl }, email { to } (SMTP_URL), pagerduty { routingKey, eventsUrl? }",
    body: channelInput,
  },
  { method: "delete", path: "/api/v1/channels/{id}", summary: "Remove a channel" },
  { method: "get", path: "/api/v1/alert-rules", summary: "Alert rules with their current state per group" },
  {
    method: "post",
    path: "/api/v1/alert-rules",
    summary: "Create a rule; window as minutes or 15m/1h/7d, checked against what the metric can use",
    body: ruleInput,
  },
  { method: "get", path: "/api/v1/alert-rules/{id}", summary: "One rule" },
  { method: "patch", path: "/api/v1/alert-rules/{id}", summary: "Change a rule", body: rulePatch },
  { method: "delete", path: "/api/v1/alert-rules/{id}", summary: "Delete a rule" },
  {
    method: "post",
    path: "/api/v1/alert-rules/{id}/evaluate",
    summary: "Evaluate one rule now; answers its state per group",
  },
  {
    method: "get",
    path: "/api/v1/alert-rules/{id}/series",
    summary: "The rule's metric per group over the last 12 windows, with the threshold (sparkline)",
  },
  {
    method: "post",
    path: "/api/v1/alert-rules/preview",
    summary: "What a rule (not saved) would have done over the last 7 days: series per group and fire/resolve events",
    body: ruleInput,
  },
  { method: "get", path: "/api/v1/alerts", summary: "Alert events, newest first; state=firing|resolved" },
  {
    method: "get",
    path: "/api/v1/tickets",
    summary: "Tickets; status=open|acknowledged|resolved, assignee=me or an e-mail",
    query: ticketQuery,
  },
  { method: "get", path: "/api/v1/tickets/{id}", summary: "One ticket with its evidence at opening and its history" },
  {
    method: "patch",
    path: "/api/v1/tickets/{id}",
    summary: "Change status or assignee (acknowledging an unassigned ticket takes it), add a comment",
    body: ticketPatch,
  },
  {
    method: "post",
    path: "/api/v1/settings/judge/run",
    summary: "Run the judge once now on sampled recent traces; answers { judged, failed }",
  },
  ...alertOperations,
  ...replayOperations,
  ...financeOperations,
];
