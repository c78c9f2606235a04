"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";

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
    <div className="panel">
      <h2>Feature owners</h2>
      {unowned > 0 && (
        <p className="notice error" role="status">
          {unowned} feature(s) have no owner: their alerts reach nobody.
        </p>
      )}
      <table aria-label="Feature owners">
        <thead>
          <tr>
            <th>Feature</th>
            <th>Owner</th>
            <th>Escalation</th>
          </tr>
        </thead>
        <tbody>
          {owners.data?.data.map((o) => (
            <tr key={o.feature} className={o.ownerEmail ? undefined : "below-floor"}>
              <td>{o.feature}</td>
              <td>{o.ownerEmail ?? "no owner"}</td>
              <td>{o.escalationEmail ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form-row" onSubmit={onSubmit} style={{ marginTop: "1rem" }} aria-label="Set owner">
        <label>
          Feature
          <input name="feature" required list="feature-names" />
        </label>
        <datalist id="feature-names">
          {owners.data?.data.map((o) => (
            <option key={o.feature} value={o.feature} />
          ))}
        </datalist>
        <label>
          Owner e-mail
          <input name="ownerEmail" type="email" required />
        </label>
        <label>
          Escalation e-mail
          <input name="escalationEmail" type="email" />
        </label>
        <button type="submit" disabled={save.isPending}>
          Set owner
        </button>
      </form>
      {offer && (
        <p className="notice" role="status">
          {offer.openTickets} open ticket(s) of {offer.feature} are held by someone else.{" "}
          <button
            type="button"
            className="secondary"
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
          </button>
        </p>
      )}
      {save.isError && (
        <p role="alert" className="notice error">
          {save.error.message}
        </p>
      )}
    </div>
  );
}
