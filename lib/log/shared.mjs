// @ts-check
// Shared by server.mjs (plain Node, outside Next's bundle) and lib/log/*.ts (inside it). The
// root logger and the request store live on globalThis, so that both copies of this module, the
// bundled one and server.mjs's, log through one logger and see the same request id.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";

/** @typedef {{ requestId: string }} RequestContext */

// Anything else (too long, spaces, quotes, control characters) is not echoed or logged as is.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The caller's `x-request-id` when it is sane, else a fresh one. @param {unknown} header */
export function requestIdFrom(header) {
  return typeof header === "string" && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** @type {{ __observatoryRequests?: AsyncLocalStorage<RequestContext>, __observatoryLogger?: import("pino").Logger }} */
const holder = /** @type {never} */ (globalThis);

/** @returns {AsyncLocalStorage<RequestContext>} */
export function requestStore() {
  holder.__observatoryRequests ??= new AsyncLocalStorage();
  return holder.__observatoryRequests;
}

/**
 * The process's logger, made on first use with `level` (later calls get the same one).
 * @param {string} level
 * @returns {import("pino").Logger}
 */
export function rootLogger(level) {
  holder.__observatoryLogger ??= createLogger(level);
  return holder.__observatoryLogger;
}

/**
 * A logger whose lines carry the current request's id; to stdout unless given a destination.
 * @param {string} level
 * @param {import("pino").DestinationStream} [destination]
 * @returns {import("pino").Logger}
 */
export function createLogger(level, destination) {
  if (level !== "silent" && !(level in pino.levels.values))
    throw new Error(`Invalid configuration: LOG_LEVEL: unknown level "${level}"`);
  const options = {
    level,
    base: { pid: process.pid },
    mixin: () => {
      const context = requestStore().getStore();
      return context ? { requestId: context.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
