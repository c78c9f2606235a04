import type { Operation } from "./operations";
import { alertSettingsInput } from "@/lib/alerts/alert-settings";
import { pageAckInput } from "@/lib/alerts/page-ack";

// The alerting operations added with escalation, the outbox and channel tests (issue 20).
export const alertOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/settings/alerts",
    summary:
      "Alerting settings: default assignee, admin contact, time zone and business hours, page and ticket escalation timeouts",
  },
  {
    method: "put",
    path: "/api/v1/settings/alerts",
    summary: "Set the alerting settings",
    body: alertSettingsInput,
  },
  {
    method: "post",
    path: "/api/v1/channels/{id}/test",
    summary: "Send a test notification to the channel now; answers { ok, status, response } from the receiver",
  },
  {
    method: "get",
    path: "/api/v1/channels/{id}/outbox",
    summary: "The channel's latest deliveries: pending (with the next retry), sent, failed after a day of retries",
  },
  {
    method: "post",
    path: "/api/v1/alert-rules/{id}/acknowledge",
    summary: "Acknowledge a firing group ({ groupKey }, '' when not grouped): it stops escalating until it fires again",
    body: pageAckInput,
  },
];
