import { decodePathParam } from "@/lib/api/path-param";
import { withProject } from "@/lib/api/with-project";
import { getSession } from "@/lib/sessions/get-session";

export const GET = withProject({
  handler: async ({ ctx, params }) => getSession({ ctx, sessionId: decodePathParam(params.sessionId ?? "") }),
});
