"use client";
import { LocalTime } from "@/components/ui/local-time";
import { Payload } from "./payload";
import type { SpanDetail } from "./types";

type LogRecord = SpanDetail["logs"][number];

const SEVERITY_CLASS: Record<string, string> = { ERROR: "text-destructive", FATAL: "text-destructive" };

/** The log records of a step (or of the trace): severity, time, body and attributes. */
export function LogList({ label, logs, hidden }: { label: string; logs: LogRecord[]; hidden: boolean }) {
  if (logs.length === 0) return null;
  return (
    <section aria-label={label}>
      <h3>
        {label} ({logs.length})
      </h3>
      <ol>
        {logs.map((log, i) => {
          const severity = log.severityText || (log.severityNumber ? String(log.severityNumber) : "–");
          const level = log.severityText.toUpperCase().replace(/\d+$/, "");
          return (
            <li className="mb-1.5" key={`${log.time}-${i}`}>
              <strong className={SEVERITY_CLASS[level] ?? ""}>{severity}</strong>{" "}
              <span className="text-muted-foreground">
                <LocalTime value={log.time} />
                {log.eventName ? ` · ${log.eventName}` : ""}
              </span>
              {hidden ? (
                <div className="text-sm text-muted-foreground">Body hidden for your role</div>
              ) : (
                <Payload label="Body" value={log.body} />
              )}
              {Object.keys(log.attributes).length > 0 && (
                <details>
                  <summary className="text-muted-foreground">Attributes ({Object.keys(log.attributes).length})</summary>
                  <pre>{JSON.stringify(log.attributes, null, 2)}</pre>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
