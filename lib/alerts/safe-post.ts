import "server-only";
import http from "node:http";
import https from "node:https";
import { guardedLookup, literalProblem } from "./url-guard";

// A POST to a channel URL: the address checked after DNS resolution (url-guard), redirects
// never followed (a 3xx is the receiver's answer, and a failure), a timeout, the answer capped.

export type Sent = { ok: boolean; status: number | null; response: string };

export function safePost(
  target: string,
  body: string,
  headers: Record<string, string> = {},
  timeoutMs = 5_000,
): Promise<Sent> {
  const url = new URL(target);
  const refused = literalProblem(url);
  if (refused) return Promise.resolve({ ok: false, status: null, response: `refused: ${refused}` });
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: guardedLookup,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (text.length < 1000) text += chunk;
        });
        response.on("end", () => {
          const status = response.statusCode ?? null;
          const location = response.headers.location;
          resolve({
            ok: status !== null && status >= 200 && status < 300,
            status,
            response: (status && status >= 300 && status < 400 && location
              ? `redirect to ${location} not followed`
              : text
            ).slice(0, 1000),
          });
        });
        response.on("error", (error) => resolve({ ok: false, status: null, response: error.message.slice(0, 1000) }));
      },
    );
    request.on("error", (error) => resolve({ ok: false, status: null, response: error.message.slice(0, 1000) }));
    request.end(body);
  });
}
