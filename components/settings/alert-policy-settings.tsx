"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";

type Policy = {
  defaultAssignee: string | null;
  adminContact: string | null;
  timeZone: string;
  businessDays: number[];
  businessStartHour: number;
  businessEndHour: number;
  pageAckMinutes: number | null;
  ticketAckBusinessHours: number | null;
  financeContacts: string[];
};
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const numberOrNull = (v: FormDataEntryValue | null) => (String(v ?? "").trim() === "" ? null : Number(v));

/** Who gets what nobody owns, business hours, and when an unacknowledged page or ticket escalates. */
export function AlertPolicySettings() {
  const queryClient = useQueryClient();
  const policy = useQuery({
    queryKey: ["settings", "alerts"],
    queryFn: () => apiFetch<Policy>("/api/v1/settings/alerts"),
  });
  const save = useMutation({
    mutationFn: (body: Policy) => apiFetch<Policy>("/api/v1/settings/alerts", { method: "PUT", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["settings", "alerts"] }),
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    save.mutate({
      defaultAssignee: text("defaultAssignee"),
      adminContact: text("adminContact"),
      timeZone: text("timeZone") ?? "UTC",
      businessDays: form.getAll("businessDays").map(Number),
      businessStartHour: Number(form.get("businessStartHour")),
      businessEndHour: Number(form.get("businessEndHour")),
      pageAckMinutes: numberOrNull(form.get("pageAckMinutes")),
      ticketAckBusinessHours: numberOrNull(form.get("ticketAckBusinessHours")),
      financeContacts: String(form.get("financeContacts") ?? "")
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    });
  }
  const p = policy.data;
  if (!p) return null;
  return (
    <div className="panel">
      <h2>Assignment and escalation</h2>
      <p className="muted">
        Tickets go to the feature&apos;s owner, else the rule&apos;s owner, else the default assignee. Unacknowledged
        pages and tickets escalate: owner → team lead (the feature&apos;s escalation contact) → admin contact.
      </p>
      <form className="form-row" onSubmit={onSubmit} aria-label="Assignment and escalation" key={JSON.stringify(p)}>
        <label>
          Default assignee
          <input name="defaultAssignee" type="email" defaultValue={p.defaultAssignee ?? ""} />
        </label>
        <label>
          Admin contact
          <input name="adminContact" type="email" defaultValue={p.adminContact ?? ""} />
        </label>
        <label>
          Finance contacts (tenant budgets)
          <input
            name="financeContacts"
            defaultValue={p.financeContacts.join(", ")}
            placeholder="member id or e-mail, comma-separated"
          />
        </label>
        <label>
          Time zone
          <input name="timeZone" defaultValue={p.timeZone} placeholder="Europe/Paris" />
        </label>
        <fieldset>
          <legend>Business days</legend>
          {DAYS.map((d, i) => (
            <label key={d}>
              <input
                type="checkbox"
                name="businessDays"
                value={i + 1}
                defaultChecked={p.businessDays.includes(i + 1)}
              />{" "}
              {d}
            </label>
          ))}
        </fieldset>
        <label>
          Opens at (hour)
          <input name="businessStartHour" type="number" min={0} max={23} defaultValue={p.businessStartHour} />
        </label>
        <label>
          Closes at (hour)
          <input name="businessEndHour" type="number" min={1} max={24} defaultValue={p.businessEndHour} />
        </label>
        <label>
          Escalate a page after (minutes)
          <input name="pageAckMinutes" type="number" min={1} defaultValue={p.pageAckMinutes ?? ""} />
        </label>
        <label>
          Escalate a ticket after (business hours)
          <input name="ticketAckBusinessHours" type="number" min={1} defaultValue={p.ticketAckBusinessHours ?? ""} />
        </label>
        <button type="submit" disabled={save.isPending}>
          Save
        </button>
      </form>
      {save.isError && (
        <p role="alert" className="notice error">
          {save.error.message}
        </p>
      )}
    </div>
  );
}
