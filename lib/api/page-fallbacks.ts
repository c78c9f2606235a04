import "server-only";
import { notFound, unstable_rethrow } from "next/navigation";
import { asStoreError } from "@/db/store-error";
import { log } from "@/lib/log/logger";
import { ServiceError } from "./errors";

// For a server page's `.catch`. A store that is down shows the page's fallback; a missing
// record shows the 404 page; anything else is a bug: it is logged with its stack and rethrown,
// so Next shows its error page instead of a misleading "store unavailable".

const isNotFound = (error: unknown) => error instanceof ServiceError && error.code === "not_found";

function failed(page: string, error: unknown): never {
  log.error({ err: error, page }, "page failed");
  throw error;
}

/** `.catch(storeDownAs(null, "traces"))`: the fallback when a store is unreachable or failing. */
export function storeDownAs<T>(fallback: T, page: string, options: { notFound?: boolean } = {}): (error: unknown) => T {
  return (error) => {
    // notFound(), redirect() and Next's own control flow pass through untouched.
    unstable_rethrow(error);
    if (options.notFound && isNotFound(error)) notFound();
    const store = asStoreError(error);
    if (!store) failed(page, error);
    log.error({ err: error, page, code: store.code }, "store unavailable; the page shows its fallback");
    return fallback;
  };
}

/** `.catch(notFoundAs("alert rule"))`: a not-found service error shows the 404 page. */
export function notFoundAs(page: string): (error: unknown) => never {
  return (error) => {
    unstable_rethrow(error);
    if (isNotFound(error)) notFound();
    failed(page, error);
  };
}

/** `.catch(missingAs(null, "baseline trace"))`: the fallback when the record is not found. */
export function missingAs<T>(fallback: T, page: string): (error: unknown) => T {
  return (error) => {
    unstable_rethrow(error);
    if (isNotFound(error)) return fallback;
    failed(page, error);
  };
}
