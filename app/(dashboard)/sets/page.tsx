import Link from "next/link";
import { PageLoading } from "@/components/ui/page-loading";
import { SetImport } from "@/components/sets/set-import";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { formatDate } from "@/lib/format/date-time";
import { listSets } from "@/lib/sets/regression-sets";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";

/**
 * Regression sets: their versions, export, and import into a set; a set's page runs experiments.
 * Built with "Add to set" on traces and sessions.
 */
async function SetsPageContent() {
  const { ctx } = await pageContext("project.read");
  const sets = await listSets({ ctx }).catch(storeDownAs(null, "sets"));
  const canEdit = can(ctx.role, "experiments.run");
  return (
    <section>
      <PageHeader title="Regression sets" />
      <p className="text-muted-foreground">
        Built from traces with &quot;Add to set&quot; (on a trace, a filtered trace list or a session) or imported from
        CSV / JSONL. Every change makes a new version. Open a set to run an experiment on it.
      </p>
      {!sets && <StoreDown />}
      {sets && sets.length === 0 && <p>No sets yet.</p>}
      {sets && sets.length > 0 && (
        <Card>
          <Table aria-label="Regression sets">
            <thead>
              <tr>
                <th>Name</th>
                <th>Version</th>
                <th>Changed</th>
                {canEdit && <th>Export</th>}
              </tr>
            </thead>
            <tbody>
              {sets.map((s) => (
                <tr key={s.id}>
                  <td>
                    {canEdit ? <Link href={`/sets/${s.id}`}>{s.name}</Link> : s.name}
                    {s.description && <div className="text-muted-foreground">{s.description}</div>}
                  </td>
                  <td>v{s.version}</td>
                  <td>{formatDate(s.updatedAt)}</td>
                  {canEdit && (
                    <td>
                      <a href={`/api/v1/sets/${s.id}/export?format=jsonl`}>JSONL</a> ·{" "}
                      <a href={`/api/v1/sets/${s.id}/export?format=csv`}>CSV</a>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      {sets && canEdit && <SetImport sets={sets.map((s) => ({ id: s.id, name: s.name }))} />}
    </section>
  );
}

export default function SetsPage() {
  return (
    <PageLoading>
      <SetsPageContent />
    </PageLoading>
  );
}
