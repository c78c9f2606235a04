import { withProject } from "@/lib/api/with-project";
import { getTrace } from "@/lib/traces/get-trace";
import { traceToOtlpJson } from "@/lib/traces/export-otlp";

/** Download a trace as OTLP/JSON, ready to POST to /v1/traces of another project. */
export const GET = withProject({
  handler: async ({ ctx, params }) => {
    const trace = await getTrace({ ctx, traceId: params.traceId ?? "" });
    return new Response(JSON.stringify(traceToOtlpJson(trace)), {
      headers: {
        "content-type": "application/json",
        "content-disposition": `attachment; filename="trace-${trace.traceId}.otlp.json"`,
      },
    });
  },
});
