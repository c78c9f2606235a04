import { withProject } from "@/lib/api/with-project";
import { listOrphanedScores } from "@/lib/scores/list-orphaned-scores";
import { traceScores } from "@/lib/scores/trace-scores";
import { scoreBatchBody, scoresQuery, writeScores } from "@/lib/scores/write-scores";

/** A batch of scores; each item is accepted or rejected on its own, by index. */
export const POST = withProject({
  scope: "ingest",
  body: scoreBatchBody,
  handler: async ({ ctx, body }) => writeScores({ ctx, items: body.scores }),
});

/** `?traceId=` the scores of one trace; `?status=orphaned` scores whose trace never arrived. */
export const GET = withProject({
  query: scoresQuery,
  handler: async ({ ctx, query }) =>
    "traceId" in query
      ? { data: await traceScores({ ctx, traceId: query.traceId.toLowerCase() }) }
      : listOrphanedScores({ ctx, limit: query.limit }),
});
