import "server-only";
import { startOtlpGrpcServer, type OtlpGrpcServer } from "./server";
import { log } from "@/lib/log/logger";

// One OTLP/gRPC listener per process, started with the app and stopped at shutdown. On
// globalThis: dev reloads re-run the start hook, and the port can be bound only once.
const holder = globalThis as unknown as { __otlpGrpc?: Promise<OtlpGrpcServer | null> };

/** Starts the listener on `port` (null: disabled). A port already taken is logged, not fatal: HTTP ingest still works. */
export function startAppGrpcServer(port: number | null): Promise<OtlpGrpcServer | null> {
  holder.__otlpGrpc ??=
    port === null
      ? Promise.resolve(null)
      : startOtlpGrpcServer({ port }).then(
          (server) => {
            log.info({ port: server.port }, "OTLP/gRPC listening");
            return server;
          },
          (error: unknown) => {
            log.error({ err: error, port }, "OTLP/gRPC could not listen; HTTP ingest still works");
            return null;
          },
        );
  return holder.__otlpGrpc;
}

export async function stopAppGrpcServer(): Promise<void> {
  const server = await holder.__otlpGrpc;
  holder.__otlpGrpc = undefined;
  await server?.close();
}
