import type { ReactNode } from "react";

export function Forbidden({ what }: { what: string }) {
  return (
    <div className="panel" role="alert">
      <h1>Not allowed</h1>
      <p>Your role in this project may not open {what}. Ask a project admin if you need access.</p>
    </div>
  );
}

export function StoreDown({ children }: { children?: ReactNode }) {
  return (
    <div className="notice error" role="alert">
      A data store is not answering right now, so these figures cannot be shown. {children}
    </div>
  );
}
