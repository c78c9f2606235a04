import { z } from "zod";
import { withProject } from "@/lib/api/with-project";
import { listAlertEvents } from "@/lib/alerts/rules";

export const GET = withProject({
  query: z.object({ state: z.enum(["firing", "resolved"]).optional() }),
  handler: async ({ ctx, query }) => ({ data: await listAlertEvents(ctx, query.state) }),
});
