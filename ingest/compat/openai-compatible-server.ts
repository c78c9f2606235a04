import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible endpoint for the compatibility suite: the real client libraries
 * talk to it as they would to the API, and each reply serves a known usage, so a test can
 * assert that what ingest stored is exactly what the server served.
 */

export type ReplyKind = "chat" | "stream" | "tool_call" | "tool_result" | "embedding" | "error";
export type Served = {
  path: string;
  model: string;
  kind: ReplyKind;
  stream: boolean;
  usage: { input: number; output: number } | null;
};

/** Usage per reply; distinct numbers so a span's tokens tell which reply it recorded. */
export const USAGE: Record<Exclude<ReplyKind, "error" | "embedding">, { input: number; output: number }> = {
  chat: { input: 11, output: 7 },
  stream: { input: 13, output: 5 },
  tool_call: { input: 23, output: 9 },
  tool_result: { input: 31, output: 6 },
};
export const EMBEDDING_TOKENS_PER_INPUT = 4;
export const FAIL_MODEL = "fail-model";
export const FAIL_MESSAGE = `The model \`${FAIL_MODEL}\` does not exist`;
export const REPLY = {
  chat: "Paris is the capital of France.",
  stream: ["Blue", " is", " calm", "."],
  toolResult: "It is sunny in Paris.",
  tool: { name: "get_weather", arguments: JSON.stringify({ city: "Paris" }) },
};

type ChatRequest = {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: Array<{ role: string; content?: unknown }>;
  tools?: unknown[];
};

const created = () => Math.floor(Date.now() / 1000);

function chooseReply(body: ChatRequest): ReplyKind {
  const last = body.messages?.at(-1);
  if (last?.role === "tool") return "tool_result";
  if (body.tools?.length && last?.role === "user") return "tool_call";
  return body.stream ? "stream" : "chat";
}

function usageJson(u: { input: number; output: number }) {
  return { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output };
}

function message(kind: ReplyKind, callId: string) {
  if (kind === "tool_call") {
    return { role: "assistant", content: null, tool_calls: [{ id: callId, type: "function", function: REPLY.tool }] };
  }
  return {
    role: "assistant",
    content: kind === "tool_result" ? REPLY.toolResult : kind === "stream" ? REPLY.stream.join("") : REPLY.chat,
  };
}

function streamChat(
  res: http.ServerResponse,
  body: ChatRequest,
  kind: ReplyKind,
  id: string,
  usage: { input: number; output: number },
) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = { id, object: "chat.completion.chunk", created: created(), model: body.model };
  const send = (chunk: object) => res.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
  send({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
  if (kind === "tool_call") {
    send({
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: `call_${id}`, type: "function", function: REPLY.tool }] },
          finish_reason: null,
        },
      ],
    });
  } else {
    const pieces = kind === "tool_result" ? [REPLY.toolResult] : kind === "stream" ? REPLY.stream : [REPLY.chat];
    for (const content of pieces) send({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
  }
  send({ choices: [{ index: 0, delta: {}, finish_reason: kind === "tool_call" ? "tool_calls" : "stop" }] });
  const withUsage = body.stream_options?.include_usage === true;
  if (withUsage) send({ choices: [], usage: usageJson(usage) });
  res.end("data: [DONE]\n\n");
  return withUsage;
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function failModel(res: http.ServerResponse) {
  json(res, 400, {
    error: { message: FAIL_MESSAGE, type: "invalid_request_error", param: "model", code: "model_not_found" },
  });
}

/** Starts the server on 127.0.0.1 with an OS-chosen port; `served` lists every reply in order. */
export async function startOpenAiCompatibleServer() {
  const served: Served[] = [];
  let counter = 0;
  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "").split("?")[0]!.replace(/^\/v1/, "");
    try {
      const body = req.method === "POST" ? await readJson(req) : {};
      const model = String(body.model ?? "");
      if (path === "/chat/completions") {
        const chat = body as ChatRequest;
        if (model === FAIL_MODEL) {
          served.push({ path, model, kind: "error", stream: !!chat.stream, usage: null });
          return failModel(res);
        }
        const kind = chooseReply(chat);
        const usage = USAGE[kind as keyof typeof USAGE];
        const id = `chatcmpl-${++counter}`;
        if (chat.stream) {
          const withUsage = streamChat(res, chat, kind, id, usage);
          served.push({ path, model, kind, stream: true, usage: withUsage ? usage : null });
          return;
        }
        served.push({ path, model, kind, stream: false, usage });
        return json(res, 200, {
          id,
          object: "chat.completion",
          created: created(),
          model,
          choices: [
            {
              index: 0,
              message: message(kind, `call_${id}`),
              finish_reason: kind === "tool_call" ? "tool_calls" : "stop",
              logprobs: null,
            },
          ],
          usage: usageJson(usage),
        });
      }
      if (path === "/embeddings") {
        if (model === FAIL_MODEL) {
          served.push({ path, model, kind: "error", stream: false, usage: null });
          return failModel(res);
        }
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        const tokens = inputs.length * EMBEDDING_TOKENS_PER_INPUT;
        served.push({ path, model, kind: "embedding", stream: false, usage: { input: tokens, output: 0 } });
        const asBase64 = body.encoding_format === "base64";
        const vector = [0.1, 0.2, 0.3, 0.4];
        return json(res, 200, {
          object: "list",
          model,
          data: inputs.map((_, index) => ({
            object: "embedding",
            index,
            embedding: asBase64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector,
          })),
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        });
      }
      json(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: "invalid_request_error" } });
    } catch (error) {
      json(res, 500, { error: { message: (error as Error).message, type: "server_error" } });
    }
  };
  // answer() turns its own failures into a 500.
  const server = http.createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
