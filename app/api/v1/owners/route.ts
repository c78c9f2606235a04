import { withProject } from "@/lib/api/with-project";
import { listOwners, ownerInput, putOwner } from "@/lib/alerts/owners";

export const GET = withProject({ permission: "project.read", handler: async ({ ctx }) => listOwners({ ctx }) });
export const PUT = withProject({ permission: "alerts.manage", body: ownerInput, handler: async ({ ctx, body }) => putOwner({ ctx, input: body }) });
