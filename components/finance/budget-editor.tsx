"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { handled } from "@/components/ui/handled";
import { formatUsd } from "@/lib/format/number";
import { alertVariants } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

type Budget = {
  scope: "project" | "tenant" | "feature" | "user";
  subject: string;
  amountUsd: number;
  period: "day" | "week" | "month";
};
const SUBJECT_LABEL = { project: "", tenant: "Tenant", feature: "Feature", user: "End user id" } as const;
const PERIOD_LABEL = { day: "per day", week: "per week", month: "per month" } as const;
const AMOUNT_LABEL = { day: "Daily USD", week: "Weekly USD", month: "Monthly USD" } as const;
type Rejected = { row: number; field: string; error: string };

async function putCsv(text: string, dryRun: boolean) {
  const response = await fetch(`/api/v1/budgets${dryRun ? "?dryRun=true" : ""}`, {
    method: "PUT",
    headers: { "content-type": "text/csv" },
    body: text,
  });
  const payload = (await response.json().catch(() => null)) as {
    accepted: number;
    rejected?: Rejected[];
    error?: { message?: string };
  } | null;
  if (!response.ok) throw new Error(payload?.error?.message ?? `Upload failed (${response.status})`);
  return payload!;
}

/** Adds, changes or removes one budget (the API replaces the set), or replaces them all from a CSV. */
export function BudgetEditor({ budgets }: { budgets: Budget[] }) {
  const router = useRouter();
  const [scope, setScope] = useState<Budget["scope"]>("feature");
  const [subject, setSubject] = useState("");
  const [amount, setAmount] = useState("");
  const [period, setPeriod] = useState<Budget["period"]>("month");
  const [csv, setCsv] = useState("");
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const save = async (next: Budget[], done: string) => {
    setMessage(null);
    try {
      await apiFetch("/api/v1/budgets", { method: "PUT", body: { budgets: next } });
      setMessage({ error: false, text: done });
      router.refresh();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  };
  const key = (b: Pick<Budget, "scope" | "subject">) => `${b.scope}:${b.subject}`;
  const setOne = () => {
    const entry = { scope, subject: scope === "project" ? "" : subject.trim(), amountUsd: Number(amount), period };
    return save(
      [...budgets.filter((b) => key(b) !== key(entry)), entry],
      `Saved the ${scope} budget${entry.subject ? ` of ${entry.subject}` : ""}.`,
    );
  };
  const importCsv = async () => {
    setMessage(null);
    try {
      const preview = await putCsv(csv, true);
      if (preview.rejected?.length) {
        const r = preview.rejected[0]!;
        setMessage({ error: true, text: `Nothing applied: row ${r.row}, ${r.field}: ${r.error}` });
        return;
      }
      const applied = await putCsv(csv, false);
      setCsv("");
      setMessage({ error: false, text: `Replaced the budgets with ${applied.accepted} rows.` });
      router.refresh();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  };
  return (
    <div className={cardClass}>
      <h2>Set a budget</h2>
      <form
        className="flex flex-wrap items-end gap-3"
        aria-label="Set a budget"
        onSubmit={handled(async (e) => {
          e.preventDefault();
          await setOne();
        })}
      >
        <Field>
          Scope
          <Select value={scope} onChange={(e) => setScope(e.target.value as Budget["scope"])}>
            <option value="project">Project</option>
            <option value="tenant">Tenant</option>
            <option value="feature">Feature</option>
            <option value="user">End user</option>
          </Select>
        </Field>
        {scope !== "project" && (
          <Field>
            {SUBJECT_LABEL[scope]}
            <Input value={subject} onChange={(e) => setSubject(e.target.value)} required />
          </Field>
        )}
        <Field>
          Period
          <Select value={period} onChange={(e) => setPeriod(e.target.value as Budget["period"])}>
            <option value="month">Month</option>
            <option value="week">Week (Monday to Sunday, UTC)</option>
            <option value="day">Day (UTC)</option>
          </Select>
        </Field>
        <Field>
          {AMOUNT_LABEL[period]}
          <Input
            type="number"
            min="0.01"
            step="any"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            required
          />
        </Field>
        <Button type="submit">Save budget</Button>
      </form>
      {budgets.length > 0 && (
        <ul aria-label="Remove a budget">
          {budgets.map((b) => (
            <li key={key(b)}>
              {b.scope} {b.subject} {formatUsd(b.amountUsd)} {PERIOD_LABEL[b.period]}{" "}
              <Button
                type="button"
                variant="secondary"
                onClick={handled(() =>
                  save(
                    budgets.filter((o) => key(o) !== key(b)),
                    `Removed the ${b.scope} budget.`,
                  ),
                )}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <h2>Import CSV</h2>
      <p className="text-muted-foreground">
        Header <code>scope,subject,amount_usd</code>, optionally <code>,period</code> (scope project, tenant, feature or
        user; subject empty for the project; period day, week or month, month when empty). Replaces every budget;
        nothing is applied while any row is rejected.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <Field className="flex-1">
          Budgets CSV
          <Textarea rows={3} value={csv} onChange={(e) => setCsv(e.target.value)} aria-label="Budgets CSV" />
        </Field>
        <Button type="button" variant="secondary" disabled={!csv.trim()} onClick={handled(importCsv)}>
          Import
        </Button>
      </div>
      {message && (
        <p className={alertVariants({ variant: message.error ? "destructive" : "info" })} role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}
