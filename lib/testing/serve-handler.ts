import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** Serves a fetch-style handler (a route's POST) over real HTTP, for exporters in tests. */
export async function serveHandler(handler: (request: Request) => Promise<Response>) {
  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = `http://${req.headers.host}${req.url}`;
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream),
      duplex: "half",
    } as RequestInit);
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  // A handler that throws is a failing test: the exporter sees its connection reset.
  const server = http.createServer(
    (req, res) => void answer(req, res).catch((error: unknown) => res.destroy(error as Error)),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
