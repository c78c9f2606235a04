"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatUsd } from "@/lib/format/number";
import { handled } from "@/components/ui/handled";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/input";
import { Field, FormRow } from "@/components/ui/label";
import { Table } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";

type Entry = { tenant: string; month: string; revenueUsd: number };
type Rejected = { row: number; field: string; error: string };
type Preview = { accepted: number; entries: Entry[]; rejected: Rejected[] };

async function putCsv(text: string, dryRun: boolean): Promise<Preview> {
  const response = await fetch(`/api/v1/revenue${dryRun ? "?dryRun=true" : ""}`, {
    method: "PUT",
    headers: { "content-type": "text/csv" },
    body: text,
  });
  const payload = (await response.json().catch(() => null)) as (Preview & { error?: { message?: string } }) | null;
  if (!response.ok) throw new Error(payload?.error?.message ?? `Upload failed (${response.status})`);
  return payload!;
}

/** CSV upload with a preview of what it applies and what it rejects; nothing applies until confirmed. */
export function RevenueUpload() {
  const router = useRouter();
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const run = async (dryRun: boolean) => {
    setMessage(null);
    try {
      const result = await putCsv(text, dryRun);
      if (dryRun) setPreview(result);
      else {
        setPreview(null);
        setText("");
        setMessage({ error: false, text: `Saved ${result.accepted} revenue rows.` });
        router.refresh();
      }
    } catch (error) {
      setPreview(null);
      setMessage({ error: true, text: (error as Error).message });
    }
  };
  return (
    <Card>
      <h2>Upload revenue CSV</h2>
      <p className="text-muted-foreground">
        Header <code>tenant,month,revenue_usd</code>; months as YYYY-MM. Rows for a tenant and month that exist are
        replaced.
      </p>
      <FormRow>
        <Field>
          CSV file
          <Input
            type="file"
            accept=".csv,text/csv"
            onChange={handled(async (e) => {
              const f = e.target.files?.[0];
              setPreview(null);
              setText(f ? await f.text() : "");
            })}
          />
        </Field>
        <Field className="flex-1">
          or paste
          <Textarea
            rows={3}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPreview(null);
            }}
            aria-label="Revenue CSV"
          />
        </Field>
        <Button type="button" variant="secondary" disabled={!text.trim()} onClick={handled(() => run(true))}>
          Preview
        </Button>
      </FormRow>
      {preview && (
        <div aria-label="Upload preview">
          <p>
            {preview.accepted} rows to apply
            {preview.rejected.length
              ? `, ${preview.rejected.length} rejected: fix them and preview again (nothing is applied while any row is rejected).`
              : "."}
          </p>
          {preview.rejected.length > 0 && (
            <Table aria-label="Rejected rows">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Field</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {preview.rejected.map((r) => (
                  <tr key={`${r.row}-${r.field}`}>
                    <td>{r.row}</td>
                    <td>{r.field}</td>
                    <td>{r.error}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {preview.rejected.length === 0 && (
            <>
              <Table aria-label="Rows to apply">
                <thead>
                  <tr>
                    <th>Tenant</th>
                    <th>Month</th>
                    <th>Revenue</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.entries.slice(0, 50).map((e) => (
                    <tr key={`${e.tenant}-${e.month}`}>
                      <td>{e.tenant}</td>
                      <td>{e.month}</td>
                      <td>{formatUsd(e.revenueUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              <Button type="button" onClick={handled(() => run(false))}>
                Apply {preview.accepted} rows
              </Button>
            </>
          )}
        </div>
      )}
      {message && (
        <Alert variant={message.error ? "destructive" : "success"} role="status">
          {message.text}
        </Alert>
      )}
    </Card>
  );
}

/** The month's revenue per tenant, edited in place and saved together. */
export function RevenueTable({ month, initial }: { month: string; initial: Entry[] }) {
  const router = useRouter();
  const [rows, setRows] = useState<Array<{ tenant: string; revenue: string }>>(
    initial.map((e) => ({ tenant: e.tenant, revenue: String(e.revenueUsd) })),
  );
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const update = (i: number, patch: Partial<{ tenant: string; revenue: string }>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setMessage(null);
    try {
      const entries = rows
        .filter((r) => r.tenant.trim() || r.revenue.trim())
        .map((r) => ({
          tenant: r.tenant,
          month,
          revenueUsd: r.revenue.trim() === "" ? Number.NaN : Number(r.revenue),
        }));
      await apiFetch("/api/v1/revenue", { method: "PUT", body: { entries } });
      setMessage({ error: false, text: "Revenue saved." });
      router.refresh();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  };
  return (
    <Card>
      <h2>Revenue for {month}</h2>
      <Table aria-label="Revenue entries">
        <thead>
          <tr>
            <th>Tenant</th>
            <th>Revenue (USD)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <Input
                  aria-label={`Tenant ${i + 1}`}
                  value={r.tenant}
                  onChange={(e) => update(i, { tenant: e.target.value })}
                />
              </td>
              <td>
                <Input
                  aria-label={`Revenue ${i + 1}`}
                  inputMode="decimal"
                  value={r.revenue}
                  onChange={(e) => update(i, { revenue: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <FormRow className="mt-2">
        <Button type="button" variant="secondary" onClick={() => setRows([...rows, { tenant: "", revenue: "" }])}>
          Add tenant
        </Button>
        <Button type="button" onClick={handled(save)} disabled={rows.length === 0}>
          Save revenue
        </Button>
      </FormRow>
      {message && (
        <Alert variant={message.error ? "destructive" : "success"} role="status">
          {message.text}
        </Alert>
      )}
    </Card>
  );
}
