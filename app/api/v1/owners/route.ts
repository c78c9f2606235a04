import { withProject } from "@/lib/api/with-project";
import { listOwners, ownerInput, putOwner } from "@/lib/alerts/owners";

export const GET = withProject({ handler: async ({ ctx }) => listOwners({ ctx }) });
export const PUT = withProject({ body: ownerInput, handler: async ({ ctx, body }) => putOwner({ ctx, input: body }) });
