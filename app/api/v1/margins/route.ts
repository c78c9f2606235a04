import { withProject } from "@/lib/api/with-project";
import { margins, marginsQuery } from "@/lib/finance/margins";

export const GET = withProject({ permission: "finance.read", query: marginsQuery, handler: async ({ ctx, query }) => margins({ ctx, month: query.month }) });
