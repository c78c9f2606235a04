import { PageSkeleton } from "@/components/ui/skeleton";

/**
 * What a navigation to another page shows at once: the client router has it from the
 * prefetch, so the skeleton is on screen before the server answers (within a frame, not after
 * the page's first byte). Search-param changes on one page use the page's own keyed Suspense
 * boundary (components/ui/page-loading.tsx) instead.
 */
export default function Loading() {
  return <PageSkeleton />;
}
