import { handleOtlpExport } from "@/ingest/http/handle-export";
import { metricsSignal } from "@/ingest/pipeline/metrics-signal";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleOtlpExport(request, metricsSignal);
}
