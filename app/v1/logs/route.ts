import { handleOtlpExport } from "@/ingest/http/handle-export";
import { logsSignal } from "@/ingest/pipeline/logs-signal";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleOtlpExport(request, logsSignal);
}
