import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { ReleaseTable } from "@/components/releases/release-table";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { compareReleases, releaseQuery } from "@/lib/releases/compare-releases";
import { alertVariants } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const DAYS = [1, 3, 7, 14, 30] as const;

/** Release comparison: a candidate version against its baseline in production, per feature. */
async function ReleasesPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const days = DAYS.find((d) => String(d) === raw.days) ?? 3;
  const to = new Date();
  const asked = raw.baseline || raw.candidate;
  const parsed = asked
    ? releaseQuery.safeParse({
        by: raw.by ?? "model",
        key: raw.key ?? "",
        baseline: raw.baseline ?? "",
        candidate: raw.candidate ?? "",
        feature: raw.feature || undefined,
        from: new Date(to.getTime() - days * 86_400_000).toISOString(),
        to: to.toISOString(),
      })
    : null;
  const result = parsed?.success
    ? await compareReleases({ ctx, query: parsed.data }).catch(storeDownAs(null, "releases"))
    : null;
  return (
    <section>
      <PageHeader title="Releases" />
      <p className="text-muted-foreground">
        Compare a candidate version with its baseline in production: requests (traces) that used one version and not the
        other, per feature. Error rates by a two-proportion z-test, latency and scores by Mann–Whitney U (p &lt; 0.05);
        at least 50 requests on each side for a verdict.
      </p>
      <form
        className={cn(cardClass, "flex flex-wrap items-end gap-3")}
        method="get"
        action="/releases"
        aria-label="Release comparison filters"
      >
        <Field>
          Version of
          <Select name="by" defaultValue={raw.by ?? "model"}>
            <option value="model">model</option>
            <option value="prompt">prompt (name below)</option>
            <option value="attribute">attribute (key below)</option>
          </Select>
        </Field>
        <Field>
          Prompt name or attribute key
          <Input name="key" defaultValue={raw.key ?? ""} placeholder="service.version" size={14} />
        </Field>
        <Field>
          Baseline
          <Input name="baseline" defaultValue={raw.baseline ?? ""} required size={12} />
        </Field>
        <Field>
          Candidate
          <Input name="candidate" defaultValue={raw.candidate ?? ""} required size={12} />
        </Field>
        <Field>
          Feature
          <Input name="feature" defaultValue={raw.feature ?? ""} size={10} placeholder="all" />
        </Field>
        <Field>
          Period
          <Select name="days" defaultValue={String(days)}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                last {d} day{d > 1 ? "s" : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit">Compare</Button>
      </form>
      {parsed && !parsed.success && (
        <p className={alertVariants({ variant: "destructive" })} role="alert">
          {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </p>
      )}
      {parsed?.success && !result && <StoreDown />}
      {result && (
        <>
          <p>
            All features: <strong data-testid="overall-verdict">{result.overall.verdict.replaceAll("_", " ")}</strong>
            {result.truncated && (
              <span className="text-muted-foreground"> (the newest 20,000 traces of the period)</span>
            )}
          </p>
          {result.features.length === 0 ? (
            <p className="text-muted-foreground">No request used either version in this period.</p>
          ) : (
            <ReleaseTable rows={result.features} />
          )}
        </>
      )}
    </section>
  );
}

export default async function ReleasesPage(props: { searchParams: SearchParams }) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <ReleasesPageContent {...props} />
    </PageLoading>
  );
}
