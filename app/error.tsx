"use client";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/states";

// Shown when a page fails to render, e.g. a data store is down: an error state, never a crash.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="p-5">
      <ErrorState>
        <h1 className="mb-2">Something went wrong loading this page</h1>
        <p>
          A data store may be unavailable. Check <a href="/api/health">/api/health</a> and try again.
        </p>
        {error.digest && <p className="text-muted-foreground">Reference: {error.digest}</p>}
        <Button type="button" onClick={reset}>
          Try again
        </Button>
      </ErrorState>
    </main>
  );
}
