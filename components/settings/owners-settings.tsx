"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Table } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";
import { TableSkeleton } from "@/components/ui/skeleton";

type Owner = { feature: string; ownerEmail: string | null; escalationEmail: string | null };

/** Every feature's accountable owner; features without one stand out. */
export function OwnersSettings() {
  const queryClient = useQueryClient();
  const owners = useQuery({
    queryKey: ["settings", "owners"],
    queryFn: () => apiFetch<{ data: Owner[] }>("/api/v1/owners"),
  });
  const save = useMutation({
    mutationFn: (body: Record<string, string | boolean>) =>
      apiFetch<{ feature: string; ownerEmail: string; escalationEmail: string | null; openTickets: number }>(
        "/api/v1/owners",
        { method: "PUT", body },
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["settings", "owners"] }),
  });
  // A new owner: the feature's open tickets held by someone else are offered to them, not moved unasked.
  const offer = save.data && save.data.openTickets > 0 ? save.data : null;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const escalation = String(form.get("escalationEmail") ?? "").trim();
    save.mutate({
      feature: String(form.get("feature") ?? "").trim(),
      ownerEmail: String(form.get("ownerEmail") ?? "").trim(),
      ...(escalation ? { escalationEmail: escalation } : {}),
    });
  }
  const unowned = owners.data?.data.filter((o) => !o.ownerEmail).length ?? 0;
  return (
    <Card>
      <h2>Feature owners</h2>
      {unowned > 0 && (
        <Alert variant="destructive" role="status">
          {unowned} feature(s) have no owner: their alerts reach nobody.
        </Alert>
      )}
      <Table aria-label="Feature owners">
        <thead>
          <tr>
            <th>Feature</th>
            <th>Owner</th>
            <th>Escalation</th>
          </tr>
        </thead>
        <tbody>
          {owners.data?.data.map((o) => (
            <tr key={o.feature} className={o.ownerEmail ? undefined : "bg-row-alert"}>
              <td>{o.feature}</td>
              <td>{o.ownerEmail ?? "no owner"}</td>
              <td>{o.escalationEmail ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {owners.isPending && <TableSkeleton />}
      <form className="flex flex-wrap items-end gap-3 mt-4" onSubmit={onSubmit} aria-label="Set owner">
        <Field>
          Feature
          <Input name="feature" required list="feature-names" />
        </Field>
        <datalist id="feature-names">
          {owners.data?.data.map((o) => (
            <option key={o.feature} value={o.feature} />
          ))}
        </datalist>
        <Field>
          Owner e-mail
          <Input name="ownerEmail" type="email" required />
        </Field>
        <Field>
          Escalation e-mail
          <Input name="escalationEmail" type="email" />
        </Field>
        <Button type="submit" disabled={save.isPending}>
          Set owner
        </Button>
      </form>
      {offer && (
        <Alert role="status">
          {offer.openTickets} open ticket(s) of {offer.feature} are held by someone else.{" "}
          <Button
            type="button"
            variant="secondary"
            onClick={() =>
              save.mutate({
                feature: offer.feature,
                ownerEmail: offer.ownerEmail,
                ...(offer.escalationEmail ? { escalationEmail: offer.escalationEmail } : {}),
                moveOpenTickets: true,
              })
            }
          >
            Move them to {offer.ownerEmail}
          </Button>
        </Alert>
      )}
      {save.isError && (
        <Alert variant="destructive" role="alert">
          {save.error.message}
        </Alert>
      )}
    </Card>
  );
}
