// @ts-check
// The production server: Next's request handler on our own HTTP server, so that SIGTERM can
// stop accepting, let every request in flight finish (an export is answered once its rows are
// fsync'd in the ingest log), then stop the applier after its batch, close the stores and exit. `npm start` execs this, so signals reach it.
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
// Tells lib/bootstrap/start.ts that this process owns the signals.
process.env.OBS_CUSTOM_SERVER = "1";
process.env.NEXT_MANUAL_SIG_HANDLE = "true";

const app = next({ dev: false, hostname, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => void handle(req, res));
server.listen(port, hostname, () => console.log(`[server] listening on http://${hostname}:${port}`));

let stopping = false;
/** @param {string} signal */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[stop] ${signal}: refusing new connections, finishing requests in flight`);
  const giveUp = setTimeout(() => {
    console.error("[stop] requests still open after 25 s; exiting");
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
  } catch (error) {
    console.error("[stop] closing the stores failed", error);
  }
  clearTimeout(giveUp);
  console.log("[stop] done");
  process.exit(0);
}
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
