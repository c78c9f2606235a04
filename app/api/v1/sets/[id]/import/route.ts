import { withProject } from "@/lib/api/with-project";
import { importInput, importItems } from "@/lib/sets/set-files";

export const POST = withProject({
  body: importInput,
  handler: async ({ ctx, params, body }) => importItems({ ctx, id: params.id ?? "", input: body }),
});
