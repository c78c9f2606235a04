import { withProject } from "@/lib/api/with-project";
import { channelInput, createChannel, listChannels } from "@/lib/alerts/channels";

export const GET = withProject({ handler: async ({ ctx }) => ({ data: await listChannels({ ctx }) }) });
export const POST = withProject({
  body: channelInput,
  status: 201,
  handler: async ({ ctx, body }) => createChannel({ ctx, input: body }),
});
