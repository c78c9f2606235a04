// @ts-check
// The production server: Next's request handler on our own HTTP server, so that SIGTERM can
// stop accepting, let every request in flight finish (an export is answered once its rows are
// fsync'd in the ingest log), then stop the applier after its batch, close the stores and exit. `npm start` execs this, so signals reach it.
import { createServer } from "node:http";
import next from "next";
import { requestIdFrom, requestStore, rootLogger } from "./lib/log/shared.mjs";

// Plain Node, outside the app's bundle: lib/config/env.ts validates these same variables
// when the app starts (instrumentation.ts), this only needs them earlier.
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
const log = rootLogger(process.env.LOG_LEVEL || "info");
// Tells lib/bootstrap/start.ts that this process owns the signals.
process.env.OBS_CUSTOM_SERVER = "1";
process.env.NEXT_MANUAL_SIG_HANDLE = "true";

const app = next({ dev: false, hostname, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

// Every request (pages, API and OTLP routes alike) runs with an id: the caller's x-request-id
// if sane, else a fresh one, echoed back and carried by every log line written for it.
const server = createServer((req, res) => {
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  res.setHeader("x-request-id", requestId);
  requestStore().run({ requestId }, () => {
    handle(req, res).catch((/** @type {unknown} */ err) => log.error({ err, url: req.url }, "request handler failed"));
  });
});
server.listen(port, hostname, () => log.info({ hostname, port }, `listening on http://${hostname}:${port}`));

let stopping = false;
/** @param {string} signal */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: refusing new connections, finishing requests in flight");
  const giveUp = setTimeout(() => {
    log.error("requests still open after 25 s; exiting");
    process.exit(1);
  }, 25_000);
  const closed = new Promise((resolve) => server.close(resolve));
  // Keep-alive connections go as soon as they are idle, including those that finish a request now.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  await closed;
  clearInterval(idle);
  /** @type {{ __observatoryShutdown?: () => Promise<void> }} */
  const hooks = /** @type {never} */ (globalThis);
  try {
    await hooks.__observatoryShutdown?.();
  } catch (err) {
    log.error({ err }, "closing the stores failed");
  }
  clearTimeout(giveUp);
  log.info("stopped");
  // pino writes asynchronously: flush before exiting so the last lines are not lost.
  log.flush(() => process.exit(0));
}
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
