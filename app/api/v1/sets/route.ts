import { withProject } from "@/lib/api/with-project";
import { createSet, listSets, setInput } from "@/lib/sets/regression-sets";

export const GET = withProject({ handler: async ({ ctx }) => listSets({ ctx }) });

export const POST = withProject({
  body: setInput,
  status: 201,
  handler: async ({ ctx, body }) => createSet({ ctx, input: body }),
});
