import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="skeleton" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}

/**
 * What a page shows while its data loads: tiles and a table's rows. No role="status": the pages'
 * own status messages are found by that role, and a fallback must never make two.
 */
export function PageSkeleton({ label = "Loading", rows = 6 }: { label?: string; rows?: number }) {
  return (
    <div aria-busy="true" data-testid="loading" className="flex flex-col gap-4">
      <div className="grid grid-cols-[repeat(auto-fit,minmax(150px,1fr))] gap-3">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-16" />
        ))}
      </div>
      <div className="flex flex-col gap-2 rounded-lg border bg-card p-4">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-6" />
        ))}
      </div>
      <span className="sr-only">{label}…</span>
    </div>
  );
}

/** Rows of a table whose data is still on its way (client-side queries). */
export function TableSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div aria-busy="true" className="flex flex-col gap-2 py-2">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-6" />
      ))}
      <span className="sr-only">Loading…</span>
    </div>
  );
}
