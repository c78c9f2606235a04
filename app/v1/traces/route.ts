import { handleExport } from "@/ingest/http/handle-export";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleExport(request);
}
