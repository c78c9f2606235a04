import "server-only";
import { demoFeedback, demoRequests, demoRevenueCsv } from "./generate-demo";

/**
 * Sends the demo month through the real ingest route of this server once it answers, so demo
 * data takes the same path as an exporter's, then the demo tenants' revenue through the API.
 */
export async function sendDemoData(options: { baseUrl: string; apiKey: string }): Promise<number> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ok = await fetch(`${options.baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let sent = 0;
  for (const body of demoRequests()) {
    const response = await fetch(`${options.baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`demo ingest answered ${response.status}: ${await response.text()}`);
    sent += body.resourceSpans[0]!.scopeSpans[0]!.spans.length;
    const feedback = demoFeedback(body);
    if (feedback.length === 0) continue;
    const scored = await fetch(`${options.baseUrl}/api/v1/scores`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify({ scores: feedback }),
    });
    if (!scored.ok) throw new Error(`demo scores answered ${scored.status}: ${await scored.text()}`);
  }
  const revenue = await fetch(`${options.baseUrl}/api/v1/revenue`, {
    method: "PUT",
    headers: { "content-type": "text/csv", authorization: `Bearer ${options.apiKey}` },
    body: demoRevenueCsv(),
  });
  if (!revenue.ok) throw new Error(`demo revenue answered ${revenue.status}: ${await revenue.text()}`);
  return sent;
}
