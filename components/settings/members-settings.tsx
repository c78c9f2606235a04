"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { settingsKeys } from "./query-keys";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Button } from "@/components/ui/button";
import { Card, cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";
import { TableSkeleton } from "@/components/ui/skeleton";

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
      <form className={cn(cardClass, "flex flex-wrap items-end gap-3")} onSubmit={onInvite}>
        <Field>
          Email
          <Input name="email" type="email" required />
        </Field>
        <Field>
          Role
          <Select name="role" aria-label="Role for the invitation" defaultValue="engineer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={invite.isPending}>
          Invite
        </Button>
      </form>
      {message && (
        <Alert variant={message.error ? "destructive" : "success"} role={message.error ? "alert" : "status"}>
          {message.text}{" "}
          {message.link && (
            <div className="secret rounded-md bg-sidebar px-3 py-2 font-mono text-sm break-all text-emerald-300">
              {message.link}
            </div>
          )}
        </Alert>
      )}
      {members.isError && (
        <Alert variant="destructive" role="alert">
          {members.error.message}
        </Alert>
      )}
      <Card>
        <Table>
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
                  <Select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value })}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </Select>
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
                  {i.email} <span className="text-muted-foreground">(invited, expires {i.expiresAt.slice(0, 10)})</span>
                </td>
                <td>{i.role}</td>
                <td>
                  <ConfirmButton
                    variant="secondary"
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
        </Table>
        {members.isPending && <TableSkeleton />}
      </Card>
    </div>
  );
}
