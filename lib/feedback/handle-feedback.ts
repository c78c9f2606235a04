import "server-only";
import { z } from "zod";
import { ServiceError } from "@/lib/api/errors";
import { toErrorResponse } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/with-project";
import { storeScores } from "@/lib/scores/write-scores";
import { findFeedbackKey, type FeedbackKey } from "./feedback-keys";
import { RateLimiter } from "./rate-limit";

// POST /api/v1/feedback?key=pk-obs-…, called from the monitored product's front end. The key is
// in the query string so that a CORS preflight can be answered for that key's origins; the body
// may be sent as text/plain to avoid the preflight altogether. Thumbs up is 1, down is 0, stored
// as the score `user_feedback` with source `feedback`.

export const FEEDBACK_SCORE_NAME = "user_feedback";

export const feedbackBody = z.object({
  traceId: z.string(),
  spanId: z.string().optional(),
  rating: z.enum(["up", "down"]),
  comment: z.string().max(2000).optional(),
  /** The end user, as the product knows them (an id, not necessarily an e-mail). */
  userId: z.string().trim().min(1).max(200).optional(),
});

const holder = globalThis as unknown as { __feedbackLimiter?: RateLimiter };
const limiter = (holder.__feedbackLimiter ??= new RateLimiter());

function corsHeaders(key: FeedbackKey | null, origin: string | null): Record<string, string> {
  if (!origin || !key) return {};
  if (!key.allowedOrigins.includes("*") && !key.allowedOrigins.includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "content-type",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

async function keyFrom(request: Request): Promise<FeedbackKey> {
  const key = await findFeedbackKey(new URL(request.url).searchParams.get("key") ?? "");
  if (!key) throw new ServiceError("unauthorized", "Missing or invalid feedback key (?key=pk-obs-…)");
  return key;
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function handleFeedbackPreflight(request: Request): Promise<Response> {
  const key = await findFeedbackKey(new URL(request.url).searchParams.get("key") ?? "");
  const headers = corsHeaders(key, request.headers.get("origin"));
  return new Response(null, { status: headers["access-control-allow-origin"] ? 204 : 403, headers });
}

export async function handleFeedback(request: Request): Promise<Response> {
  const origin = request.headers.get("origin");
  let cors: Record<string, string> = {};
  try {
    const key = await keyFrom(request);
    cors = corsHeaders(key, origin);
    if (origin && !cors["access-control-allow-origin"])
      throw new ServiceError("forbidden", `Origin ${origin} is not allowed for this feedback key`);
    const client = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "direct";
    const allowed = limiter.take(`${key.id}\u0000${client}`, key.ratePerMinute);
    if (!allowed.ok) {
      return withHeaders(
        Response.json({ error: { code: "rate_limited", message: "Too much feedback; retry later" } }, { status: 429 }),
        { ...cors, "retry-after": String(allowed.retryAfterSeconds) },
      );
    }
    const body = feedbackBody.parse(await readJsonBody(request));
    // The feedback key is the credential (checked above), not a member's role.
    const result = await storeScores({
      projectId: key.projectId,
      items: [
        {
          traceId: body.traceId,
          spanId: body.spanId,
          name: FEEDBACK_SCORE_NAME,
          value: body.rating === "up" ? 1 : 0,
          label: body.rating,
          comment: body.comment,
        },
      ],
      defaultSource: "feedback",
      author: body.userId ?? "anonymous",
    });
    const rejected = result.rejected[0];
    if (rejected) throw new ServiceError("bad_request", rejected.error, rejected.error.split(":")[0]);
    return withHeaders(Response.json({ accepted: true, pending: result.pending.length > 0 }), cors);
  } catch (error) {
    return withHeaders(toErrorResponse(error), cors);
  }
}
