"use client";

// Shown when a page fails to render, e.g. a data store is down: an error state, never a crash.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="content">
      <div className="notice error" role="alert">
        <h1>Something went wrong loading this page</h1>
        <p>
          A data store may be unavailable. Check <a href="/api/health">/api/health</a> and try again.
        </p>
        {error.digest && <p className="muted">Reference: {error.digest}</p>}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
