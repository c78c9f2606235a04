import { withProject } from "@/lib/api/with-project";
import { testChannel } from "@/lib/alerts/channel-tools";

/** Sends a test notification; answers the receiver's reply. */
export const POST = withProject({ handler: async ({ ctx, params }) => testChannel({ ctx, id: params.id! }) });
