"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/input";
import { Field, FormRow } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";

/** Acknowledge (which takes an unassigned ticket), resolve or reopen a ticket, assign it, and comment on it. */
export function TicketActions({ id, status, assignee }: { id: string; status: string; assignee: string | null }) {
  const router = useRouter();
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch(`/api/v1/tickets/${id}`, { method: "PATCH", body }),
    onSuccess: () => router.refresh(),
  });
  function assign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("assignee") ?? "").trim();
    patch.mutate({ assignee: email || null });
  }
  function comment(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get("comment") ?? "").trim();
    if (text) patch.mutate({ comment: text }, { onSuccess: () => form.reset() });
  }
  return (
    <Card>
      <FormRow>
        {status === "open" && (
          <Button type="button" onClick={() => patch.mutate({ status: "acknowledged" })}>
            Acknowledge
          </Button>
        )}
        {status !== "resolved" && (
          <Button type="button" variant="secondary" onClick={() => patch.mutate({ status: "resolved" })}>
            Resolve
          </Button>
        )}
        {status === "resolved" && (
          <Button type="button" variant="secondary" onClick={() => patch.mutate({ status: "open" })}>
            Reopen
          </Button>
        )}
      </FormRow>
      <form className="mt-3 flex flex-wrap items-end gap-3" onSubmit={assign} aria-label="Assign">
        <Field>
          Assignee
          <Input name="assignee" type="email" defaultValue={assignee ?? ""} placeholder="unassigned" />
        </Field>
        <Button type="submit" variant="secondary" disabled={patch.isPending}>
          {assignee ? "Reassign" : "Assign"}
        </Button>
      </form>
      <form className="mt-3 flex flex-wrap items-end gap-3" onSubmit={comment} aria-label="Comment">
        <Field className="flex-1">
          Comment
          <Textarea name="comment" rows={2} />
        </Field>
        <Button type="submit" disabled={patch.isPending}>
          Add comment
        </Button>
      </form>
      {patch.isError && (
        <Alert variant="destructive" role="alert">
          {patch.error.message}
        </Alert>
      )}
    </Card>
  );
}
