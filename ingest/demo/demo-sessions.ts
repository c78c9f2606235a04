import type { JsonSpan } from "../otlp/build-json";
import { hex, llm, pick, seeded, span, type Builder, type Rng } from "./demo-spans";

// Multi-turn conversations (issue 19): an order assistant's chats, each turn a trace whose
// root names the session and the end user, the way an app using OpenTelemetry's `session.id`
// and `user.id` does. All of them go well but one: in DEMO_FAILED_SESSION the third turn fails
// at its tool step (the order lookup times out). Their own seed, so the month's traffic stays.

export const DEMO_FAILED_SESSION = "chat-order-4411";
const USERS = ["u-amelia", "u-bruno", "u-chen", "u-dana", "u-emeka", "u-farah"];
const TURNS = [
  ["Hi, where is my order #4411?", "Let me look that up for you."],
  ["It was due yesterday.", "I understand, checking the carrier now."],
  ["Can you tell me when it arrives?", "Your order has shipped and arrives in 2 days."],
  ["Thanks, can I change the address?", "Yes, I have updated the delivery address."],
] as const;

/** One turn of an order-assistant conversation: a trace whose root names the session and user. */
export function demoTurn(
  rng: Rng,
  at: number,
  session: string,
  user: string,
  index: number,
  failing: boolean,
): JsonSpan[] {
  const b: Builder = { spans: [], traceId: hex(rng, 16), rng, at };
  const [question, answer] = TURNS[index % TURNS.length]!;
  const root = span(
    b,
    "order-agent turn",
    undefined,
    0,
    0,
    {
      "tenant.id": "acme",
      "feature.name": "order-agent",
      "session.id": session,
      "user.id": user,
      "input.value": question,
      ...(failing ? {} : { "output.value": answer }),
    },
    failing ? "lookup_order timed out after 5s" : undefined,
  );
  let t = 5;
  t += llm(b, root, t, "gpt-4o", "openai", question, "Calling lookup_order.");
  const duration = failing ? 5000 : 120 + rng() * 300;
  span(
    b,
    "execute_tool lookup_order",
    root,
    t,
    duration,
    {
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "lookup_order",
      "gen_ai.tool.call.id": `call_${hex(rng, 4)}`,
      "gen_ai.tool.call.arguments": JSON.stringify({ order_id: 4411 }),
      "gen_ai.tool.call.result": failing ? "" : JSON.stringify({ status: "shipped", eta: "2 days" }),
    },
    failing ? "lookup_order timed out after 5s" : undefined,
  );
  t += duration + 10;
  if (!failing) t += llm(b, root, t, "gpt-4o", "openai", question, answer);
  b.spans[0]!.durationMs = t + 5;
  return b.spans;
}

/** `count` conversations over the last `days`, the failed one the newest; spans of every turn. */
export function demoSessions(options: { now: number; count?: number; days?: number; seed?: number }): JsonSpan[] {
  const { now, count = 24, days = 3, seed = 7 } = options;
  const rng = seeded(seed);
  const spans: JsonSpan[] = [];
  for (let i = 0; i < count; i++) {
    const failed = i === count - 1;
    const start = failed
      ? now - 2 * 3_600_000
      : now - days * 86_400_000 + Math.floor((i / count) * (days - 0.2) * 86_400_000);
    const session = failed ? DEMO_FAILED_SESSION : `chat-${hex(rng, 6)}`;
    const user = failed ? "u-amelia" : pick(rng, USERS);
    const turns = failed ? 3 : 2 + Math.floor(rng() * 3);
    for (let n = 0; n < turns; n++)
      spans.push(...demoTurn(rng, start + n * 90_000, session, user, n, failed && n === 2));
  }
  return spans;
}
