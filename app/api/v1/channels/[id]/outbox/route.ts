import { withProject } from "@/lib/api/with-project";
import { channelOutbox } from "@/lib/alerts/channel-tools";

export const GET = withProject({
  handler: async ({ ctx, params }) => ({ data: await channelOutbox({ ctx, id: params.id! }) }),
});
