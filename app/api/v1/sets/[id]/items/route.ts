import { withProject } from "@/lib/api/with-project";
import { addToSet, addToSetInput } from "@/lib/sets/add-to-set";

/** "Add to set": traces by id, or the newest traces of a trace-list filter; a new version. */
export const POST = withProject({
  body: addToSetInput,
  handler: async ({ ctx, params, body }) => addToSet({ ctx, id: params.id ?? "", input: body }),
});
