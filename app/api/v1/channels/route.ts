import { withProject } from "@/lib/api/with-project";
import { channelInput, createChannel, listChannels } from "@/lib/alerts/channels";

export const GET = withProject({ permission: "project.read", handler: async ({ ctx }) => ({ data: await listChannels({ ctx }) }) });
export const POST = withProject({ permission: "alerts.manage", body: channelInput, status: 201, handler: async ({ ctx, body }) => createChannel({ ctx, input: body }) });
