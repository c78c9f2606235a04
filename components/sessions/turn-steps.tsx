"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { StepDetail } from "@/components/traces/step-detail";
import type { TraceDetail } from "@/components/traces/types";
import { Waterfall } from "@/components/traces/waterfall";

/** One turn opened: its trace's waterfall and the selected step (the failing one first). */
export function TurnSteps({ traceId, initialSpanId }: { traceId: string; initialSpanId: string | null }) {
  const trace = useQuery({
    queryKey: ["trace", traceId],
    queryFn: () => apiFetch<TraceDetail>(`/api/v1/traces/${traceId}`),
  });
  const steps = useMemo(
    () =>
      [...(trace.data?.spans ?? [])].sort(
        (a, b) => a.startTime.localeCompare(b.startTime) || a.spanId.localeCompare(b.spanId),
      ),
    [trace.data],
  );
  const [selected, setSelected] = useState<string | null>(initialSpanId);
  if (trace.isPending) return <TableSkeleton />;
  if (trace.isError) return <ErrorState>{trace.error.message}</ErrorState>;
  const data = trace.data;
  const current = steps.find((s) => s.spanId === selected) ?? steps[0];
  return (
    <div aria-label="Turn steps" className="mt-3">
      <Waterfall
        spans={data.spans}
        traceStart={Date.parse(data.startTime)}
        traceMs={data.durationMs}
        selectedId={current?.spanId ?? null}
        onSelect={setSelected}
      />
      {current && <StepDetail span={current} spans={steps} hidden={data.payloadsHidden} />}
      <Link href={`/traces/${traceId}`}>Open the whole trace replay →</Link>
    </div>
  );
}
