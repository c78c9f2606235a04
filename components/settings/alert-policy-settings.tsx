"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Field, InlineField } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";

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
    <Card>
      <h2>Assignment and escalation</h2>
      <p className="text-muted-foreground">
        Tickets go to the feature&apos;s owner, else the rule&apos;s owner, else the default assignee. Unacknowledged
        pages and tickets escalate: owner → team lead (the feature&apos;s escalation contact) → admin contact.
      </p>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={onSubmit}
        aria-label="Assignment and escalation"
        key={JSON.stringify(p)}
      >
        <Field>
          Default assignee
          <Input name="defaultAssignee" type="email" defaultValue={p.defaultAssignee ?? ""} />
        </Field>
        <Field>
          Admin contact
          <Input name="adminContact" type="email" defaultValue={p.adminContact ?? ""} />
        </Field>
        <Field>
          Finance contacts (tenant and end-user budgets)
          <Input
            name="financeContacts"
            defaultValue={p.financeContacts.join(", ")}
            placeholder="member id or e-mail, comma-separated"
          />
        </Field>
        <Field>
          Time zone
          <Input name="timeZone" defaultValue={p.timeZone} placeholder="Europe/Paris" />
        </Field>
        <fieldset className="flex flex-wrap items-end gap-3 border-0 p-0">
          <legend className="mb-1 text-sm text-muted-foreground">Business days</legend>
          {DAYS.map((d, i) => (
            <InlineField key={d}>
              <Input
                type="checkbox"
                name="businessDays"
                value={i + 1}
                defaultChecked={p.businessDays.includes(i + 1)}
              />{" "}
              {d}
            </InlineField>
          ))}
        </fieldset>
        <Field>
          Opens at (hour)
          <Input name="businessStartHour" type="number" min={0} max={23} defaultValue={p.businessStartHour} />
        </Field>
        <Field>
          Closes at (hour)
          <Input name="businessEndHour" type="number" min={1} max={24} defaultValue={p.businessEndHour} />
        </Field>
        <Field>
          Escalate a page after (minutes)
          <Input name="pageAckMinutes" type="number" min={1} defaultValue={p.pageAckMinutes ?? ""} />
        </Field>
        <Field>
          Escalate a ticket after (business hours)
          <Input name="ticketAckBusinessHours" type="number" min={1} defaultValue={p.ticketAckBusinessHours ?? ""} />
        </Field>
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
      </form>
      {save.isError && (
        <Alert variant="destructive" role="alert">
          {save.error.message}
        </Alert>
      )}
    </Card>
  );
}
