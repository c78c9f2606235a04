"use client";
import { formatCount, formatDuration, formatScore, formatUsd } from "@/lib/format/number";
import { Messages, Payload } from "./payload";
import { RerunPanel } from "./rerun-panel";
import { LogList } from "./span-logs";
import { KindBadge } from "./kind-badge";
import type { SpanDetail } from "./types";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";

function Field({ label, value }: { label: string; value: string | number | null | undefined }) {
  if (value === null || value === undefined || value === "") return null;
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="m-0">{value}</dd>
    </>
  );
}

/** "answer v3" from a name and "3" or "v3"; versions are shown as sent otherwise. */
function promptLabel(name: string | null, version: string | null): string | null {
  if (!name && !version) return null;
  const v = version ? (/^\d/.test(version) ? `v${version}` : version) : "";
  return [name, v].filter(Boolean).join(" ");
}

const REDACTED = "observatory.redacted.";

/** "3 (2 email, 1 api_key)" from the counts ingest wrote, or null when nothing was masked. */
export function redactedLabel(attributes: Record<string, string>): string | null {
  const total = Number(attributes[`${REDACTED}count`] ?? 0);
  if (!total) return null;
  const kinds = Object.entries(attributes)
    .filter(([k]) => k.startsWith(REDACTED) && k !== `${REDACTED}count`)
    .map(([k, v]) => `${v} ${k.slice(REDACTED.length)}`);
  return `${total} (${kinds.join(", ")})`;
}

const grid = "my-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm";

/** What one span did, rendered for its kind. */
export function StepDetail({
  span,
  spans,
  hidden,
  rerun,
}: {
  span: SpanDetail;
  spans: SpanDetail[];
  hidden: boolean;
  /** The trace id when the role may re-run an LLM step. */
  rerun?: string | null;
}) {
  const retries = span.tool ? spans.filter((s) => s.tool?.name === span.tool?.name && s.spanId !== span.spanId) : [];
  const params = Object.entries(span.attributes).filter(([k]) =>
    /^gen_ai\.request\.(temperature|top_p|max_tokens|frequency_penalty|presence_penalty|seed)$|^llm\.invocation_parameters$/.test(
      k,
    ),
  );
  return (
    <Card as="article" aria-label="Step detail">
      <h2 className="mt-0">
        <KindBadge kind={span.kind} /> {span.name} <span className="text-muted-foreground">({span.kind})</span>
      </h2>
      {span.status === "error" && (
        <Alert variant="destructive" role="alert">
          Error: {span.statusMessage ?? span.exception?.message ?? "failed"}
          {span.exception?.type ? ` (${span.exception.type})` : ""}
        </Alert>
      )}
      <dl className={grid}>
        <Field label="Duration" value={formatDuration(span.durationMs)} />
        <Field label="Service" value={span.serviceName} />
        <Field
          label="Tenant"
          value={span.tenant ? `${span.tenant}${span.tenantInherited ? " (from trace)" : ""}` : null}
        />
        <Field label="Feature" value={span.feature} />
        <Field label="Redacted at ingest" value={redactedLabel(span.attributes)} />
        {span.usageAggregate && (
          <Field
            label="Tokens in / out"
            value={`${formatCount(span.inputTokens)} / ${formatCount(span.outputTokens)}: sum of children, not counted`}
          />
        )}
        {(span.kind === "llm" || span.kind === "embedding" || span.kind === "gpu") && (
          <>
            <Field label="Model requested" value={span.model} />
            <Field label="Model served" value={span.responseModel} />
            <Field label="Provider" value={span.provider} />
            <Field label="Prompt" value={promptLabel(span.promptName, span.promptVersion)} />
            {!span.usageAggregate && (
              <Field
                label="Tokens in / out"
                value={`${formatCount(span.inputTokens)} / ${formatCount(span.outputTokens)}${span.cachedInputTokens ? ` (${formatCount(span.cachedInputTokens)} cached)` : ""}${span.reasoningTokens ? `, ${formatCount(span.reasoningTokens)} reasoning` : ""}`}
              />
            )}
            {span.usageEstimated && (
              <>
                <dt className="text-muted-foreground">Token counts</dt>
                <dd className="m-0">
                  <Badge
                    data-testid="usage-estimated"
                    title="The library sent messages but no token counts: counted from the content"
                  >
                    estimated
                  </Badge>
                </dd>
              </>
            )}
            <Field label="Cost" value={span.costUsd === null ? null : formatUsd(span.costUsd)} />
            <Field
              label="Time to first token"
              value={span.timeToFirstTokenMs === null ? null : formatDuration(span.timeToFirstTokenMs)}
            />
            <Field
              label="Time per output token"
              value={span.timePerOutputTokenMs === null ? null : formatDuration(span.timePerOutputTokenMs)}
            />
            <Field label="Finish reason" value={span.finishReason} />
            {params.map(([k, v]) => (
              <Field key={k} label={k.replace(/^gen_ai\.request\./, "")} value={v} />
            ))}
          </>
        )}
        {span.gpuType && (
          <>
            <Field label="GPU" value={`${span.gpuCount} × ${span.gpuType}`} />
            <Field label="GPU-seconds" value={formatScore(span.gpuSeconds)} />
            <Field
              label="Utilization"
              value={span.gpuUtilization === null ? null : `${Math.round(span.gpuUtilization * 100)} %`}
            />
          </>
        )}
        {span.tool && (
          <>
            <Field label="Tool" value={span.tool.name} />
            <Field label="Call id" value={span.tool.callId} />
          </>
        )}
      </dl>
      {span.kind === "retrieval" ? (
        <>
          <Payload label="Query" value={span.input} hidden={hidden} />
          <h3>Documents ({span.documents.length})</h3>
          {span.documents.length === 0 && <p className="text-muted-foreground">Retrieval returned nothing.</p>}
          <ol>
            {span.documents.map((d, i) => (
              <li key={`${d.id}-${i}`}>
                <strong>{d.id}</strong> <span className="text-muted-foreground">score {d.score ?? "–"}</span>
                {hidden ? (
                  <span className="text-muted-foreground"> · content hidden</span>
                ) : (
                  <div className="whitespace-pre-wrap">{d.content}</div>
                )}
              </li>
            ))}
          </ol>
        </>
      ) : span.tool && span.kind !== "llm" && span.kind !== "embedding" ? (
        <>
          <Payload label="Arguments" value={span.tool.arguments} hidden={hidden} />
          <Payload label="Result" value={span.tool.result} hidden={hidden} />
          {retries.length > 0 && (
            <p>
              Calls of {span.tool.name} in this trace: {retries.length + 1} (
              {[span, ...retries].filter((s) => s.status === "error").length} failed)
            </p>
          )}
        </>
      ) : (
        <>
          <Messages label="Input" value={span.input} hidden={hidden} />
          <Messages label="Output" value={span.output} hidden={hidden} />
          {rerun && span.kind === "llm" && <RerunPanel key={span.spanId} traceId={rerun} spanId={span.spanId} />}
        </>
      )}
      <LogList label="Logs" logs={span.logs} hidden={hidden} />
      {span.payloadTruncated && (
        <p className="text-muted-foreground">Payloads of this span were truncated at the project&apos;s cap.</p>
      )}
      <details>
        <summary>Raw attributes and events</summary>
        <pre>
          {JSON.stringify(
            { attributes: span.attributes, resource: span.resourceAttributes, events: span.events },
            null,
            2,
          )}
        </pre>
      </details>
    </Card>
  );
}
