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

const RANGE_FILTERS = [
  { label: "Turns", aria: "turns", min: "minTurns", max: "maxTurns", floor: 1, step: undefined },
  {
    label: "Duration (ms)",
    aria: "duration (ms)",
    min: "minDurationMs",
    max: "maxDurationMs",
    floor: 0,
    step: undefined,
  },
  { label: "Tokens", aria: "tokens", min: "minTokens", max: "maxTokens", floor: 0, step: undefined },
  { label: "Cost (USD)", aria: "cost (USD)", min: "minCostUsd", max: "maxCostUsd", floor: 0, step: "any" },
  { label: "Latest score", aria: "score", min: "minScore", max: "maxScore", floor: undefined, step: "any" },
] as const;

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
        {/* The ranges are asked less often: folded, and open while one of them is set. */}
        <details className="w-full" open={RANGE_FILTERS.some((r) => current[r.min] || current[r.max]) || undefined}>
          <summary className="cursor-pointer text-sm text-muted-foreground">
            More filters: turns, duration, tokens, cost, score
          </summary>
          <div className="mt-3 flex flex-wrap items-end gap-4">
            <Field>
              Score name
              <Input name="scoreName" defaultValue={current.scoreName ?? ""} />
            </Field>
            {RANGE_FILTERS.map((r) => (
              <fieldset key={r.min} className="flex flex-col gap-1.5 text-sm font-medium">
                <legend className="mb-1.5">{r.label}</legend>
                <div className="flex items-center gap-1.5">
                  <Input
                    aria-label={`Min ${r.aria}`}
                    className="w-24"
                    name={r.min}
                    type="number"
                    step={r.step}
                    min={r.floor}
                    placeholder="from"
                    defaultValue={current[r.min] ?? ""}
                  />
                  <span className="text-muted-foreground">–</span>
                  <Input
                    aria-label={`Max ${r.aria}`}
                    className="w-24"
                    name={r.max}
                    type="number"
                    step={r.step}
                    min={r.floor}
                    placeholder="to"
                    defaultValue={current[r.max] ?? ""}
                  />
                </div>
              </fieldset>
            ))}
          </div>
        </details>
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
