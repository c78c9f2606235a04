import { PriceForm } from "@/components/cost/price-form";
import { PriceRowActions } from "@/components/cost/price-row-actions";
import { formatDate } from "@/lib/format/date-time";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";
import {
  DEFAULT_CATALOG_TAKEN_ON,
  DEFAULT_GPU_RATES,
  DEFAULT_MODEL_PRICES,
} from "@/lib/domain/pricing/default-catalog";
import { listGpuRates, listPrices } from "@/lib/pricing/price-catalog";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { PageLoading } from "@/components/ui/page-loading";
import { BackLink } from "@/components/ui/page-header";

const usd = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `$${v}`);
const applies = (row: { applyTo: string; effectiveFrom: Date }) =>
  row.applyTo === "history" ? "all history" : `from ${formatDate(row.effectiveFrom)} (UTC)`;
/** A price ends at the first 00:00 UTC at or after its end. */
const ends = (row: { effectiveTo: Date | null }) =>
  row.effectiveTo
    ? `before ${formatDate(new Date(Math.ceil(row.effectiveTo.getTime() / 86_400_000) * 86_400_000))} (UTC)`
    : "–";

/** The price catalog: the project's own rows (newest first) over the shipped defaults. */
async function PricesPageContent() {
  const { ctx } = await pageContext("project.read");
  const [prices, rates] = await Promise.all([listPrices({ ctx }), listGpuRates({ ctx })]);
  const canEdit = can(ctx.role, "pricing.manage");
  return (
    <section>
      <h1>Prices</h1>
      <p>
        <BackLink href="/cost">Cost</BackLink>
      </p>
      <Card>
        <h2>Project prices</h2>
        <p className="text-muted-foreground">
          A project row beats the defaults for the names it matches; the most specific name wins, then the latest
          version in force. Versions start and end at the UTC midnight on or after their date; once a price ends, the
          version before it (or the default) applies again.
        </p>
        {prices.length === 0 ? (
          <p className="text-muted-foreground">None yet: the defaults apply.</p>
        ) : (
          <Table aria-label="Project prices">
            <thead>
              <tr>
                <th>Model</th>
                <th>Input</th>
                <th>Output</th>
                <th>Cached input</th>
                <th>Tier above</th>
                <th>Applies</th>
                <th>Ends</th>
                {canEdit && <th>Change</th>}
              </tr>
            </thead>
            <tbody>
              {prices.map((p) => (
                <tr key={p.id}>
                  <td>{p.model}</td>
                  <td>{usd(p.inputPerMTok)}</td>
                  <td>{usd(p.outputPerMTok)}</td>
                  <td>{usd(p.cachedInputPerMTok)}</td>
                  <td>{p.minInputTokens || "–"}</td>
                  <td>{applies(p)}</td>
                  <td>{ends(p)}</td>
                  {canEdit && (
                    <td>
                      <PriceRowActions
                        price={{
                          id: p.id,
                          model: p.model,
                          inputPerMTok: p.inputPerMTok,
                          outputPerMTok: p.outputPerMTok,
                          cachedInputPerMTok: p.cachedInputPerMTok,
                          effectiveTo: p.effectiveTo?.toISOString() ?? null,
                        }}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {canEdit && <PriceForm kind="model" />}
        <h2>Project GPU rates</h2>
        {rates.length === 0 ? (
          <p className="text-muted-foreground">None yet: the defaults apply.</p>
        ) : (
          <Table aria-label="Project GPU rates">
            <thead>
              <tr>
                <th>GPU type</th>
                <th>$/hour</th>
                <th>Applies</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.id}>
                  <td>{r.gpuType}</td>
                  <td>{usd(r.usdPerHour)}</td>
                  <td>{applies(r)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {canEdit && <PriceForm kind="gpu" />}
      </Card>
      <Card>
        <h2>Default catalog (list prices taken {DEFAULT_CATALOG_TAKEN_ON}, USD per million tokens)</h2>
        <Table aria-label="Default prices">
          <thead>
            <tr>
              <th>Model</th>
              <th>Input</th>
              <th>Output</th>
              <th>Cached input</th>
              <th>Tier above</th>
            </tr>
          </thead>
          <tbody>
            {DEFAULT_MODEL_PRICES.map((p) => (
              <tr key={`${p.model}-${p.minInputTokens ?? 0}`}>
                <td>{p.model}</td>
                <td>{usd(p.input)}</td>
                <td>{usd(p.output)}</td>
                <td>{usd(p.cachedInput)}</td>
                <td>{p.minInputTokens ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <h2>Default GPU rates</h2>
        <Table aria-label="Default GPU rates">
          <thead>
            <tr>
              <th>GPU type</th>
              <th>$/hour</th>
            </tr>
          </thead>
          <tbody>
            {DEFAULT_GPU_RATES.map((r) => (
              <tr key={r.gpuType}>
                <td>{r.gpuType}</td>
                <td>{usd(r.usdPerHour)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </section>
  );
}

export default function PricesPage() {
  return (
    <PageLoading>
      <PricesPageContent />
    </PageLoading>
  );
}
