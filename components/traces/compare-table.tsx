import type { StepDiff } from "@/lib/traces/compare";
import { formatDuration } from "@/lib/format/number";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";

const LABEL: Record<StepDiff["type"], string> = {
  same: "same",
  changed: "changed",
  missing: "missing in this run",
  added: "only in this run",
};

export function CompareTable({ diff }: { diff: StepDiff[] }) {
  return (
    <Card>
      <Table aria-label="Step comparison">
        <thead>
          <tr>
            <th>Step</th>
            <th>Difference</th>
            <th>Reference run</th>
            <th>This run</th>
          </tr>
        </thead>
        <tbody>
          {diff.map((d) => {
            const span = d.type === "missing" ? d.base : d.target;
            return (
              <tr key={`${d.type}-${d.key}`} className={d.type === "same" ? "text-muted-foreground" : undefined}>
                <td>
                  {span.kind} · {span.name}
                </td>
                <td className={d.type === "same" ? "" : "text-destructive"}>{LABEL[d.type]}</td>
                <td>
                  {d.type === "changed" &&
                    d.changes.map((c) => (
                      <div key={c.field}>
                        {c.field}: {c.before}
                      </div>
                    ))}
                  {d.type !== "added" && d.type !== "changed" && formatDuration(d.base.durationMs)}
                </td>
                <td>
                  {d.type === "changed" &&
                    d.changes.map((c) => (
                      <div key={c.field}>
                        {c.field}: <strong>{c.after}</strong>
                      </div>
                    ))}
                  {d.type !== "missing" && d.type !== "changed" && formatDuration(d.target.durationMs)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}
