"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { handled } from "@/components/ui/handled";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Close an ended month, or reopen a closed one (finance or admin; the server audits both). */
export function MonthCloseControls({ month, closed, ended }: { month: string; closed: boolean; ended: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const act = async () => {
    setError(null);
    try {
      if (closed) await apiFetch(`/api/v1/month-close?month=${month}`, { method: "DELETE" });
      else await apiFetch("/api/v1/month-close", { method: "POST", body: { month } });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (!closed && !ended) return null;
  return (
    <>
      <Button type="button" variant={closed ? "secondary" : "default"} onClick={handled(act)}>
        {closed ? `Reopen ${month}` : `Close ${month}`}
      </Button>
      {error && (
        <Alert variant="destructive" role="status">
          {error}
        </Alert>
      )}
    </>
  );
}
