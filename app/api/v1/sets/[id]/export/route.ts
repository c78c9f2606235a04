import { withProject } from "@/lib/api/with-project";
import { exportItems, exportQuery } from "@/lib/sets/set-files";

/** A version of the set as a CSV or JSONL download. */
export const GET = withProject({
  query: exportQuery,
  handler: async ({ ctx, params, query }) => {
    const file = await exportItems({ ctx, id: params.id ?? "", ...query });
    return new Response(file.body, {
      headers: {
        "content-type": `${file.contentType}; charset=utf-8`,
        "content-disposition": `attachment; filename="${file.filename}"`,
      },
    });
  },
});
