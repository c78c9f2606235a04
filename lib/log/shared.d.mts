import type { AsyncLocalStorage } from "node:async_hooks";
import type { DestinationStream, Logger } from "pino";

export type RequestContext = { requestId: string };
export function requestIdFrom(header: unknown): string;
export function requestStore(): AsyncLocalStorage<RequestContext>;
export function rootLogger(level: string): Logger;
export function createLogger(level: string, destination?: DestinationStream): Logger;
