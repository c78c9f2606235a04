import { requestIdFrom, requestStore } from "./shared.mjs";

/** The id of the HTTP request (or gRPC call) being handled, if any. */
export function currentRequestId(): string | undefined {
  return requestStore().getStore()?.requestId;
}

/**
 * Runs `work` as one request: its log lines carry the id. server.mjs does this for every HTTP
 * request; the gRPC server for every call.
 */
export function withRequestId<T>(header: unknown, work: (requestId: string) => T): T {
  const requestId = requestIdFrom(header);
  return requestStore().run({ requestId }, () => work(requestId));
}
