"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { settingsKeys } from "./query-keys";
import { ConfirmButton } from "@/components/ui/confirm-button";

const ROLES = ["admin", "engineer", "finance", "viewer"] as const;
type Member = { userId: string; email: string; name: string | null; role: string };
type Invitation = { id: string; email: string; role: string; expiresAt: string };
type InviteResult = { status: "added" | "invited"; email: string; invitePath?: string };

export function MembersSettings({ currentUserId }: { currentUserId: string }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ text: string; error?: boolean; link?: string } | null>(null);
  const members = useQuery({
    queryKey: settingsKeys.members(),
    queryFn: () => apiFetch<{ members: Member[]; invitations: Invitation[] }>("/api/v1/members"),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.members() });
  const onError = (e: Error) => setMessage({ text: e.message, error: true });

  const invite = useMutation({
    mutationFn: (body: { email: string; role: string }) =>
      apiFetch<InviteResult>("/api/v1/members", { method: "POST", body }),
    onSuccess: (result) => {
      setMessage(
        result.status === "added"
          ? { text: `${result.email} already had an account and was added.` }
          : {
              text: `Invitation created for ${result.email}. Send them this link:`,
              link: `${window.location.origin}${result.invitePath}`,
            },
      );
      void refresh();
    },
    onError,
  });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: string }) =>
      apiFetch(`/api/v1/members/${userId}`, { method: "PATCH", body: { role } }),
    onSuccess: () => {
      setMessage({ text: "Role changed." });
      void refresh();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => apiFetch(`/api/v1/members/${userId}`, { method: "DELETE" }),
    onSuccess: () => {
      setMessage({ text: "Member removed." });
      void refresh();
    },
    onError,
  });
  const revokeInvite = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/invitations/${id}`, { method: "DELETE" }),
    onSuccess: () => void refresh(),
    onError,
  });

  function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    invite.mutate({ email: String(form.get("email")), role: String(form.get("role")) });
    event.currentTarget.reset();
  }

  return (
    <div>
      <form className="panel form-row" onSubmit={onInvite}>
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Role
          <select name="role" aria-label="Role for the invitation" defaultValue="engineer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={invite.isPending}>
          Invite
        </button>
      </form>
      {message && (
        <div className={message.error ? "notice error" : "notice"} role={message.error ? "alert" : "status"}>
          {message.text} {message.link && <div className="secret">{message.link}</div>}
        </div>
      )}
      {members.isError && (
        <p className="notice error" role="alert">
          {members.error.message}
        </p>
      )}
      <div className="panel">
        <table>
          <thead>
            <tr>
              <th>Member</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.data?.members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name ? `${m.name} · ` : ""}
                  {m.email}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value })}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {m.userId !== currentUserId && (
                    <ConfirmButton
                      title={`Remove ${m.email}?`}
                      body={<p>They lose access to this project at once.</p>}
                      confirmLabel="Remove member"
                      onConfirm={() => remove.mutate(m.userId)}
                    >
                      Remove
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            ))}
            {members.data?.invitations.map((i) => (
              <tr key={i.id}>
                <td>
                  {i.email} <span className="muted">(invited, expires {i.expiresAt.slice(0, 10)})</span>
                </td>
                <td>{i.role}</td>
                <td>
                  <ConfirmButton
                    className="secondary"
                    title="Cancel this invitation?"
                    body={<p>The invitation link stops working.</p>}
                    confirmLabel="Cancel invitation"
                    onConfirm={() => revokeInvite.mutate(i.id)}
                  >
                    Cancel invitation
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {members.isPending && <p className="muted">Loading…</p>}
      </div>
    </div>
  );
}
