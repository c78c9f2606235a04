import { withProject } from "@/lib/api/with-project";
import { getTicket, patchTicket, ticketPatch } from "@/lib/alerts/tickets";

export const GET = withProject({ handler: async ({ ctx, params }) => getTicket({ ctx, id: params.id! }) });
export const PATCH = withProject({
  body: ticketPatch,
  handler: async ({ ctx, params, body }) => patchTicket({ ctx, id: params.id!, patch: body }),
});
