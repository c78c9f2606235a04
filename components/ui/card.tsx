import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

// A panel of a page. Wide content (a table) scrolls inside it, never the page.
export const cardClass = "mb-4 min-w-0 overflow-x-auto rounded-lg border bg-card p-4 text-card-foreground shadow-xs";

/** `as` makes it a <section> or <article> (a landmark with its aria-label) instead of a <div>. */
export function Card({
  className,
  as: Tag = "div",
  ...props
}: ComponentProps<"div"> & { as?: "div" | "section" | "article" | "aside" }) {
  return <Tag data-slot="card" className={cn(cardClass, className)} {...props} />;
}

export function CardHeader({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("mb-3 flex flex-wrap items-baseline justify-between gap-2", className)} {...props} />;
}

export function CardTitle({ className, ...props }: ComponentProps<"h2">) {
  return <h2 className={cn("m-0 text-base font-semibold", className)} {...props} />;
}

export function CardDescription({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("m-0 text-sm text-muted-foreground", className)} {...props} />;
}

/** A figure tile: a label and one number. */
export function StatTile({
  label,
  value,
  hint,
  className,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("rounded-lg border bg-card p-3 shadow-xs", className)}>
      <div className="text-sm text-muted-foreground">{label}</div>
      <div className="text-xl font-semibold tabular-nums">{value}</div>
      {hint && <div className="text-xs text-muted-foreground">{hint}</div>}
    </div>
  );
}
