"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/ui/api-fetch";
import { Button } from "@/components/ui/button";

/** "Evaluate now" for one rule; the page re-renders with the new states. */
export function EvaluateButton({ ruleId }: { ruleId: string }) {
  const router = useRouter();
  const run = useMutation({
    mutationFn: () => apiFetch(`/api/v1/alert-rules/${ruleId}/evaluate`, { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <Button type="button" variant="secondary" disabled={run.isPending} onClick={() => run.mutate()}>
        Evaluate now
      </Button>
      {run.isError && (
        <span role="alert" className="text-destructive">
          {" "}
          {run.error.message}
        </span>
      )}
    </>
  );
}

/** Acknowledge a firing page group: it stops escalating to the next contact. */
export function AcknowledgePageButton({ ruleId, groupKey }: { ruleId: string; groupKey: string }) {
  const router = useRouter();
  const ack = useMutation({
    mutationFn: () => apiFetch(`/api/v1/alert-rules/${ruleId}/acknowledge`, { method: "POST", body: { groupKey } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      {" "}
      <Button type="button" variant="secondary" disabled={ack.isPending} onClick={() => ack.mutate()}>
        Acknowledge
      </Button>
      {ack.isError && (
        <span role="alert" className="text-destructive">
          {" "}
          {ack.error.message}
        </span>
      )}
    </>
  );
}
