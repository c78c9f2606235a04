import { Suspense, type ReactNode } from "react";
import { PageSkeleton } from "./skeleton";

type Params = Record<string, string | string[] | undefined>;

/** The URL's path params and search params as one string: the key of a page's Suspense boundary. */
export async function urlKey(props: { params?: Promise<Params>; searchParams?: Promise<Params> }): Promise<string> {
  const [params, search] = await Promise.all([props.params, props.searchParams]);
  const pairs = Object.entries({ ...params, ...search }).flatMap(([k, v]) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x]),
  );
  return new URLSearchParams(pairs).toString();
}

/**
 * A page's data streams in behind skeletons. Keyed by the URL, so a navigation to the same route
 * with new search params mounts a new boundary and shows its fallback at once (an old boundary in
 * a transition would keep the previous render instead). See ARCHITECTURE.md, "UI".
 */
export function PageLoading({ urlKey, children }: { urlKey?: string; children: ReactNode }) {
  return (
    <Suspense key={urlKey} fallback={<PageSkeleton />}>
      {children}
    </Suspense>
  );
}
