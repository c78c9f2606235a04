import { withProject } from "@/lib/api/with-project";
import { listTickets, ticketQuery } from "@/lib/alerts/tickets";

export const GET = withProject({ query: ticketQuery, handler: async ({ ctx, query }) => listTickets({ ctx, query }) });
