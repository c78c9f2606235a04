"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";

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
    <div className="panel">
      <div className="form-row">
        {status === "open" && (
          <button type="button" onClick={() => patch.mutate({ status: "acknowledged" })}>
            Acknowledge
          </button>
        )}
        {status !== "resolved" && (
          <button type="button" className="secondary" onClick={() => patch.mutate({ status: "resolved" })}>
            Resolve
          </button>
        )}
        {status === "resolved" && (
          <button type="button" className="secondary" onClick={() => patch.mutate({ status: "open" })}>
            Reopen
          </button>
        )}
      </div>
      <form className="form-row" onSubmit={assign} style={{ marginTop: ".8rem" }} aria-label="Assign">
        <label>
          Assignee
          <input name="assignee" type="email" defaultValue={assignee ?? ""} placeholder="unassigned" />
        </label>
        <button type="submit" className="secondary" disabled={patch.isPending}>
          {assignee ? "Reassign" : "Assign"}
        </button>
      </form>
      <form className="form-row" onSubmit={comment} style={{ marginTop: ".8rem" }} aria-label="Comment">
        <label style={{ flex: 1 }}>
          Comment
          <textarea name="comment" rows={2} />
        </label>
        <button type="submit" disabled={patch.isPending}>
          Add comment
        </button>
      </form>
      {patch.isError && (
        <p role="alert" className="notice error">
          {patch.error.message}
        </p>
      )}
    </div>
  );
}
