import Link from "next/link";
import { SessionTable } from "@/components/sessions/session-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field, FormRow } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { Select } from "@/components/ui/select";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { formatCount } from "@/lib/format/number";
import { listSessions } from "@/lib/sessions/list-sessions";
import { parseSessionListParams, sessionListHref } from "@/lib/sessions/search-params";
import { TIME_RANGES } from "@/lib/traces/search-params";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function SessionsPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const params = await searchParams;
  const { query, current, ignored } = parseSessionListParams(params);
  const page = await listSessions({ ctx, query }).catch(storeDownAs(null, "sessions"));
  return (
    <section>
      <PageHeader title="Sessions" />
      <form className={cn(cardClass, "flex flex-wrap items-end gap-3")} method="get" aria-label="Session filters">
        <Field>
          Status
          <Select name="status" defaultValue={current.status ?? ""}>
            <option value="">All</option>
            <option value="error">With a failed turn</option>
            <option value="ok">No failed turn</option>
          </Select>
        </Field>
        <Field>
          End user
          <Input name="userId" defaultValue={current.userId ?? ""} />
        </Field>
        <Field>
          Tenant
          <Input name="tenant" defaultValue={current.tenant ?? ""} />
        </Field>
        <Field>
          Feature
          <Input name="feature" defaultValue={current.feature ?? ""} />
        </Field>
        <Field>
          Model
          <Input name="model" defaultValue={current.model ?? ""} />
        </Field>
        <Field>
          Min turns
          <Input name="minTurns" type="number" min={1} defaultValue={current.minTurns ?? ""} />
        </Field>
        <Field>
          Max turns
          <Input name="maxTurns" type="number" min={1} defaultValue={current.maxTurns ?? ""} />
        </Field>
        <Field>
          Min duration (ms)
          <Input name="minDurationMs" type="number" min={0} defaultValue={current.minDurationMs ?? ""} />
        </Field>
        <Field>
          Max duration (ms)
          <Input name="maxDurationMs" type="number" min={0} defaultValue={current.maxDurationMs ?? ""} />
        </Field>
        <Field>
          Min tokens
          <Input name="minTokens" type="number" min={0} defaultValue={current.minTokens ?? ""} />
        </Field>
        <Field>
          Max tokens
          <Input name="maxTokens" type="number" min={0} defaultValue={current.maxTokens ?? ""} />
        </Field>
        <Field>
          Min cost (USD)
          <Input name="minCostUsd" type="number" min={0} step="any" defaultValue={current.minCostUsd ?? ""} />
        </Field>
        <Field>
          Max cost (USD)
          <Input name="maxCostUsd" type="number" min={0} step="any" defaultValue={current.maxCostUsd ?? ""} />
        </Field>
        <Field>
          Score name
          <Input name="scoreName" defaultValue={current.scoreName ?? ""} />
        </Field>
        <Field>
          Min score
          <Input name="minScore" type="number" step="any" defaultValue={current.minScore ?? ""} />
        </Field>
        <Field>
          Max score
          <Input name="maxScore" type="number" step="any" defaultValue={current.maxScore ?? ""} />
        </Field>
        <Field>
          Period
          <Select name="range" defaultValue={current.range ?? ""}>
            <option value="">Last 30 days</option>
            {Object.keys(TIME_RANGES).map((r) => (
              <option key={r} value={r}>
                Last {r}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit">Apply</Button>
      </form>
      {ignored.length > 0 && (
        <Alert role="status">
          Ignored invalid filter value{ignored.length > 1 ? "s" : ""}: {ignored.join(", ")}.
        </Alert>
      )}
      {!page && <StoreDown />}
      {page && (
        <p className="text-muted-foreground" data-testid="result-count">
          {page.data.length === 0
            ? "No sessions"
            : `${formatCount(page.data.length)} session${page.data.length === 1 ? "" : "s"}${params.cursor ? " (older page)" : ", newest first"}`}
          {page.nextCursor ? "; more below" : ""}
        </p>
      )}
      {page && <SessionTable sessions={page.data} />}
      <FormRow>
        {params.cursor && <Link href={sessionListHref(current, { cursor: null })}>Newest</Link>}
        {page?.nextCursor && <Link href={sessionListHref(current, { cursor: page.nextCursor })}>Older sessions →</Link>}
      </FormRow>
    </section>
  );
}

export default async function SessionsPage(props: { searchParams: SearchParams }) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <SessionsPageContent {...props} />
    </PageLoading>
  );
}
