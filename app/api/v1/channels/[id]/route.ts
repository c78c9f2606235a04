import { withProject } from "@/lib/api/with-project";
import { deleteChannel } from "@/lib/alerts/channels";

export const DELETE = withProject({ handler: async ({ ctx, params }) => deleteChannel({ ctx, id: params.id! }) });
