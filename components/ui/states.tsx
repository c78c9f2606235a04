import type { ReactNode } from "react";
import { Alert } from "./alert";
import { Card } from "./card";
import { cn } from "./cn";

// The one look for a page's empty, error and forbidden states (loading: skeleton.tsx).

export function Forbidden({ what }: { what: string }) {
  return (
    <Card role="alert">
      <h1>Not allowed</h1>
      <p className="m-0">Your role in this project may not open {what}. Ask a project admin if you need access.</p>
    </Card>
  );
}

/** Nothing to show yet: what is missing, and what to do about it. */
export function EmptyState({
  title,
  children,
  action,
  className,
}: {
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-start gap-2 rounded-lg border border-dashed bg-card/50 px-4 py-5 text-sm text-muted-foreground",
        className,
      )}
    >
      {title && <p className="m-0 font-medium text-foreground">{title}</p>}
      {children && <div className="[&_p]:m-0">{children}</div>}
      {action}
    </div>
  );
}

/** Something failed: says what, in an alert. */
export function ErrorState({
  title,
  children,
  className,
}: {
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <Alert variant="destructive" role="alert" className={className}>
      {title && <p className="m-0 font-semibold">{title}</p>}
      {children}
    </Alert>
  );
}

export function StoreDown({ children }: { children?: ReactNode }) {
  return <ErrorState>A data store is not answering right now, so these figures cannot be shown. {children}</ErrorState>;
}
