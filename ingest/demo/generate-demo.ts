import { otlpJson, type Attr, type JsonSpan } from "../otlp/build-json";
import { demoSessions } from "./demo-sessions";
import { hex, llm, pick, seeded, span, type Builder, type Rng } from "./demo-spans";

// A realistic month of AI traffic for a few tenants and features, as OTLP/JSON requests:
// RAG answers with retrieval, an agent with tool calls (some failing), embeddings, and a
// self-hosted model on GPUs. Seeded, so the same seed gives the same month.

const TENANTS = [
  { id: "acme", weight: 0.45 },
  { id: "globex", weight: 0.3 },
  { id: "initech", weight: 0.17 },
  { id: "umbrella", weight: 0.08 },
];
// Monthly revenue per tenant: umbrella is priced below its AI cost, so the finance view has a
// tenant under the margin floor to show.
const REVENUE_USD: Record<string, number> = { acme: 1200, globex: 800, initech: 300, umbrella: 2 };

/** The demo's revenue for the current and previous month, as the CSV a finance user uploads. */
export function demoRevenueCsv(now = new Date()): string {
  const months = [-1, 0].map((offset) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7),
  );
  const rows = months.flatMap((month) => TENANTS.map((t) => `${t.id},${month},${REVENUE_USD[t.id]}`));
  return ["tenant,month,revenue_usd", ...rows].join("\n");
}

const FEATURES = ["support-chat", "doc-search", "order-agent", "summarize"] as const;
const QUESTIONS = [
  "How do I reset my password?",
  "What is your refund policy?",
  "Where is my order #4411?",
  "Summarize the Q3 incident report",
  "Can I export invoices as CSV?",
];
const DOCS = [
  "Refunds are accepted within 30 days of purchase.",
  "Passwords are reset from Settings → Security.",
  "Invoices export as CSV or PDF from Billing.",
  "Orders ship within 2 business days.",
  "Incident reports are archived for 1 year.",
];

function pickTenant(rng: Rng): string {
  let r = rng();
  for (const t of TENANTS) {
    if ((r -= t.weight) <= 0) return t.id;
  }
  return TENANTS[0]!.id;
}

function trace(rng: Rng, at: number): JsonSpan[] {
  const b: Builder = { spans: [], traceId: hex(rng, 16), rng, at };
  const tenant = pickTenant(rng);
  const feature = pick(rng, FEATURES);
  const question = pick(rng, QUESTIONS);
  const root = span(b, feature, undefined, 0, 0, {
    "tenant.id": tenant,
    "feature.name": feature,
    "user.id": `u-${Math.floor(rng() * 500)}`,
  });
  let t = 5;
  if (feature === "support-chat" || feature === "doc-search") {
    t += 30 + rng() * 40;
    span(b, "embeddings text-embedding-3-small", root, 5, 30, {
      "gen_ai.operation.name": "embeddings",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "text-embedding-3-small",
      "gen_ai.usage.input_tokens": 12 + Math.floor(rng() * 30),
    });
    const empty = rng() < 0.04;
    const docs = empty
      ? []
      : [0, 1, 2].map((i) => ({
          id: `kb-${Math.floor(rng() * 900)}`,
          score: Number((0.9 - i * 0.15 - rng() * 0.1).toFixed(3)),
          content: pick(rng, DOCS),
        }));
    const docAttrs: Record<string, Attr> = { "openinference.span.kind": "RETRIEVER", "input.value": question };
    docs.forEach((d, i) =>
      Object.assign(docAttrs, {
        [`retrieval.documents.${i}.document.id`]: d.id,
        [`retrieval.documents.${i}.document.score`]: d.score,
        [`retrieval.documents.${i}.document.content`]: d.content,
      }),
    );
    span(b, "vector search", root, t, 20 + rng() * 60, docAttrs);
    t += 90;
    const model = feature === "support-chat" ? "gpt-4o-mini" : "claude-3-5-sonnet-20241022";
    // Prompt v4 (the last 10 days) answers a little less relevantly: the quiet regression /quality shows.
    const v4 = at > Date.now() - 10 * 86_400_000;
    const relevance = Math.max(
      0,
      Math.min(1, Number(((docs[0]?.score ?? 0.2) - (v4 ? 0.15 : 0) + (rng() - 0.5) * 0.2).toFixed(3))),
    );
    t += llm(
      b,
      root,
      t,
      model,
      feature === "support-chat" ? "openai" : "anthropic",
      question,
      docs[0]?.content ?? "I could not find that.",
      rng() < 0.02 ? "429 rate limited by provider" : undefined,
      relevance,
    );
  } else if (feature === "order-agent") {
    t += llm(b, root, t, "gpt-4o", "openai", question, "Calling lookup_order.");
    const attempts = rng() < 0.15 ? 2 : 1;
    for (let i = 0; i < attempts; i++) {
      const fails = rng() < (attempts > 1 && i === 0 ? 1 : 0.07);
      const duration = fails ? 5000 : 120 + rng() * 300;
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
          "gen_ai.tool.call.result": fails ? "" : JSON.stringify({ status: "shipped", eta: "2 days" }),
        },
        fails ? "lookup_order timed out after 5s" : undefined,
      );
      t += duration + 10;
    }
    t += llm(b, root, t, "gpt-4o", "openai", question, "Your order has shipped and arrives in 2 days.");
  } else {
    const duration = 800 + rng() * 2500;
    const count = rng() < 0.5 ? 2 : 4;
    span(b, "generate llama-3.1-70b", root, t, duration, {
      "gen_ai.operation.name": "text_completion",
      "gen_ai.provider.name": "vllm",
      "gen_ai.request.model": "llama-3.1-70b-instruct",
      "gen_ai.usage.input_tokens": 2000 + Math.floor(rng() * 4000),
      "gen_ai.usage.output_tokens": 200 + Math.floor(rng() * 300),
      "gpu.type": "H100",
      "gpu.count": count,
      "gpu.utilization": Number((0.5 + rng() * 0.45).toFixed(2)),
      "gen_ai.server.time_to_first_token": 0.2 + rng() * 0.4,
    });
    t += duration;
  }
  b.spans[0]!.durationMs = t + 5;
  return b.spans;
}

/** The demo month as OTLP/JSON request bodies of at most `batch` traces each. */
/** End-user thumbs for about one answer in eight, following the answer's relevance, as `POST /api/v1/scores` items. */
export function demoFeedback(body: ReturnType<typeof otlpJson>) {
  const items: Array<{
    traceId: string;
    name: string;
    value: number;
    label: string;
    source: "feedback";
    comment?: string;
  }> = [];
  for (const s of body.resourceSpans[0]!.scopeSpans[0]!.spans) {
    const relevance = s.events
      .find((e) => e.name === "gen_ai.evaluation.result")
      ?.attributes.find((a) => a.key === "gen_ai.evaluation.score.value")?.value;
    if (!relevance || !s.spanId.endsWith("7")) continue;
    const up =
      Number(
        (relevance as { doubleValue?: number; intValue?: string }).doubleValue ??
          (relevance as { intValue?: string }).intValue,
      ) >= 0.6;
    items.push({
      traceId: s.traceId,
      name: "user_feedback",
      value: up ? 1 : 0,
      label: up ? "up" : "down",
      source: "feedback",
      ...(up ? {} : { comment: "Not what I asked." }),
    });
  }
  return items;
}

export function* demoRequests(
  options: { now?: number; days?: number; tracesPerDay?: number; seed?: number; batch?: number } = {},
) {
  const { now = Date.now(), days = 30, tracesPerDay = 120, seed = 42, batch = 100 } = options;
  const rng = seeded(seed);
  let pending: JsonSpan[] = [];
  let inBatch = 0;
  for (let day = days - 1; day >= 0; day--) {
    // A little growth over the month, and a weekday rhythm.
    const weekday = new Date(now - day * 86_400_000).getUTCDay();
    const count = Math.round(tracesPerDay * (1 + (days - day) / days / 2) * (weekday === 0 || weekday === 6 ? 0.6 : 1));
    for (let i = 0; i < count; i++) {
      const at = now - day * 86_400_000 - Math.floor(rng() * 86_400_000);
      if (at > now - 60_000) continue;
      pending.push(...trace(rng, at));
      if (++inBatch >= batch) {
        yield otlpJson(pending, { "service.name": "demo-assistant", "deployment.environment": "production" });
        pending = [];
        inBatch = 0;
      }
    }
  }
  if (pending.length)
    yield otlpJson(pending, { "service.name": "demo-assistant", "deployment.environment": "production" });
  // Conversations of the last days (sessions and end users), one of which fails at its third turn.
  if (days >= 1)
    yield otlpJson(demoSessions({ now, days: Math.min(3, days), seed: seed + 1 }), {
      "service.name": "demo-assistant",
      "deployment.environment": "production",
    });
}
