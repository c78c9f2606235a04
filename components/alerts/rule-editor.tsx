"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { ALERT_METRICS, formatConditionValue, GROUP_DIMENSIONS, METRIC_SPECS } from "@/lib/alerts/metric-catalog";
import { LocalTime } from "@/components/ui/local-time";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field, FormRow, InlineField } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";

type Rule = {
  id?: string;
  name: string;
  tier: string;
  metric: string;
  scoreName?: string | null;
  filter: Record<string, string | undefined>;
  groupBy: string[];
  window: string;
  comparator: string;
  threshold: number;
  channelIds: string[];
  owner?: string | null;
  minBreaches: number;
  minRecoveries: number;
  enabled: boolean;
  baseline?: string | null;
  changeUnit?: string;
  minVolume?: number;
  noDataMinutes?: number | null;
  escalationMinutes?: number | null;
  version?: { by: string; key: string; baseline: string; candidate: string } | null;
};
type Preview = {
  events: Array<{ at: string; groupKey: string; kind: string; value: number | null }>;
  notifications: number;
  stepMinutes: number;
};

function bodyFrom(form: FormData, channelIds: string[]) {
  const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
  return {
    name: text("name"),
    tier: text("tier"),
    metric: text("metric"),
    scoreName: text("scoreName"),
    filter: Object.fromEntries(
      (["tenant", "feature", "model", "kind"] as const).map((k) => [k, text(k)]).filter(([, v]) => v),
    ),
    groupBy: GROUP_DIMENSIONS.filter((d) => form.get(`groupBy.${d}`) === "on"),
    window: text("window"),
    comparator: text("comparator"),
    threshold: Number(form.get("threshold")),
    channelIds,
    owner: text("owner"),
    minBreaches: Number(form.get("minBreaches")),
    minRecoveries: Number(form.get("minRecoveries")),
    enabled: form.get("enabled") === "on",
    baseline: text("baseline") ?? null,
    changeUnit: text("changeUnit") ?? "percent",
    minVolume: Number(form.get("minVolume") ?? 0),
    noDataMinutes: text("noDataMinutes") ? Number(form.get("noDataMinutes")) : null,
    escalationMinutes: text("escalationMinutes") ? Number(form.get("escalationMinutes")) : null,
    version:
      text("metric") === "version_regression"
        ? {
            by: text("version.by"),
            key: text("version.key") ?? "",
            baseline: text("version.baseline"),
            candidate: text("version.candidate"),
          }
        : null,
  };
}

/** Why the rule as edited would reach nobody (the server says the same in the list and the Overview). */
function silentHint(tier: string, channelIds: string[], owner: boolean): string | null {
  if (tier === "dashboard" || channelIds.length > 0) return null;
  if (tier === "page") return "Silent: no channel, so its pages reach nobody.";
  return owner
    ? null
    : "No channel: its tickets reach only the feature's owner or the project's default assignee, if any.";
}

/** Create or edit a rule, with a preview of what it would have done over the last 7 days. */
export function RuleEditor({
  initial,
  channels,
}: {
  initial: Rule;
  channels: Array<{ id: string; name: string; type: string }>;
}) {
  const router = useRouter();
  const [channelIds, setChannelIds] = useState(initial.channelIds);
  const [metric, setMetric] = useState(initial.metric);
  const [tier, setTier] = useState(initial.tier);
  const [hasOwner, setHasOwner] = useState(Boolean(initial.owner));
  const [baseline, setBaseline] = useState(initial.baseline ?? "");
  const [changeUnit, setChangeUnit] = useState<"percent" | "stddev">(
    initial.changeUnit === "stddev" ? "stddev" : "percent",
  );
  const [threshold, setThreshold] = useState(String(initial.threshold));
  const silent = silentHint(tier, channelIds, hasOwner);
  const save = useMutation({
    mutationFn: (body: unknown) =>
      apiFetch<{ id: string }>(initial.id ? `/api/v1/alert-rules/${initial.id}` : "/api/v1/alert-rules", {
        method: initial.id ? "PATCH" : "POST",
        body,
      }),
    onSuccess: () => {
      router.push("/alerts");
      router.refresh();
    },
  });
  const preview = useMutation({
    mutationFn: (body: unknown) => apiFetch<Preview>("/api/v1/alert-rules/preview", { method: "POST", body }),
  });
  const remove = useMutation({
    mutationFn: () => apiFetch(`/api/v1/alert-rules/${initial.id}`, { method: "DELETE" }),
    onSuccess: () => {
      router.push("/alerts");
      router.refresh();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = bodyFrom(new FormData(event.currentTarget), channelIds);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    // Each attempt starts clean: an old error must not stay beside a later success.
    save.reset();
    preview.reset();
    remove.reset();
    if (submitter?.value === "preview") preview.mutate(body);
    else save.mutate(body);
  }

  const error = save.error ?? preview.error ?? remove.error;
  return (
    <form className={cn(cardClass, "grid gap-3")} onSubmit={submit} aria-label="Rule">
      <FormRow>
        <Field>
          Name
          <Input name="name" defaultValue={initial.name} required size={30} />
        </Field>
        <Field>
          Tier
          <Select name="tier" value={tier} onChange={(e) => setTier(e.target.value)}>
            <option value="page">page: act now</option>
            <option value="ticket">ticket: next business day</option>
            <option value="dashboard">dashboard only</option>
          </Select>
        </Field>
        <InlineField>
          <Input type="checkbox" name="enabled" defaultChecked={initial.enabled} /> Enabled
        </InlineField>
      </FormRow>
      <FormRow>
        <Field>
          Metric
          <Select name="metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
            {ALERT_METRICS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        {metric === "quality_avg" && (
          <Field>
            Score name
            <Input name="scoreName" defaultValue={initial.scoreName ?? ""} required />
          </Field>
        )}
        {metric === "version_regression" && (
          <>
            <Field>
              Version of
              <Select name="version.by" defaultValue={initial.version?.by ?? "model"}>
                <option value="model">model</option>
                <option value="prompt">prompt</option>
                <option value="attribute">attribute</option>
              </Select>
            </Field>
            <Field>
              Prompt name or attribute key
              <Input name="version.key" defaultValue={initial.version?.key ?? ""} placeholder="service.version" />
            </Field>
            <Field>
              Baseline version
              <Input name="version.baseline" defaultValue={initial.version?.baseline ?? ""} required />
            </Field>
            <Field>
              Candidate version
              <Input name="version.candidate" defaultValue={initial.version?.candidate ?? ""} required />
            </Field>
          </>
        )}
        <Field>
          Comparator
          <Select name="comparator" defaultValue={initial.comparator}>
            <option value="gt">above</option>
            <option value="lt">below</option>
          </Select>
        </Field>
        <Field>
          Threshold
          <Input
            name="threshold"
            type="number"
            step="any"
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            required
          />
          {threshold.trim() !== "" && Number.isFinite(Number(threshold)) && (
            <span className="text-muted-foreground">
              reads {formatConditionValue({ metric, baseline, changeUnit }, Number(threshold))}
            </span>
          )}
        </Field>
        <Field>
          Window
          <Input name="window" defaultValue={initial.window} size={6} placeholder="1h" required />
        </Field>
      </FormRow>
      <p className="text-muted-foreground">{METRIC_SPECS[metric as keyof typeof METRIC_SPECS]?.description}</p>
      <FormRow>
        {(["tenant", "feature", "model", "kind"] as const).map((k) => (
          <Field key={k}>
            Only {k}
            <Input name={k} defaultValue={initial.filter[k] ?? ""} size={10} />
          </Field>
        ))}
        <fieldset className="flex flex-wrap items-end gap-3 border-0 p-0">
          <legend className="mb-1 text-sm text-muted-foreground">One alert per</legend>
          {GROUP_DIMENSIONS.map((d) => (
            <InlineField key={d}>
              <Input type="checkbox" name={`groupBy.${d}`} defaultChecked={initial.groupBy.includes(d)} /> {d}
            </InlineField>
          ))}
        </fieldset>
      </FormRow>
      <FormRow>
        <Field>
          Breaching evaluations before firing
          <Input name="minBreaches" type="number" min={1} max={60} defaultValue={initial.minBreaches} />
        </Field>
        <Field>
          Clear evaluations before resolving
          <Input name="minRecoveries" type="number" min={1} max={60} defaultValue={initial.minRecoveries} />
        </Field>
        <Field>
          Owner override (e-mail)
          <Input
            name="owner"
            type="email"
            defaultValue={initial.owner ?? ""}
            onChange={(e) => setHasOwner(e.target.value.trim() !== "")}
          />
        </Field>
        <Field>
          Escalate after (minutes)
          <Input name="escalationMinutes" type="number" min={1} defaultValue={initial.escalationMinutes ?? ""} />
        </Field>
      </FormRow>
      <FormRow>
        <Field>
          Compare with
          <Select name="baseline" value={baseline} onChange={(e) => setBaseline(e.target.value)}>
            <option value="">the threshold itself</option>
            <option value="week_ago">the same window a week ago</option>
            <option value="median_4w">the median of the 4 past weeks</option>
          </Select>
        </Field>
        {baseline && (
          <Field>
            Change in
            <Select
              name="changeUnit"
              value={changeUnit}
              onChange={(e) => setChangeUnit(e.target.value === "stddev" ? "stddev" : "percent")}
            >
              <option value="percent">percent (threshold −30 = a 30 % drop)</option>
              <option value="stddev">standard deviations</option>
            </Select>
          </Field>
        )}
        <Field>
          Minimum volume
          <Input name="minVolume" type="number" min={0} defaultValue={initial.minVolume ?? 0} />
        </Field>
        <Field>
          No data after (minutes)
          <Input name="noDataMinutes" type="number" min={1} defaultValue={initial.noDataMinutes ?? ""} />
        </Field>
      </FormRow>
      {silent && (
        <Alert variant="destructive" role="status" aria-label="Silent rule">
          {silent}
        </Alert>
      )}
      <fieldset className="flex flex-wrap items-end gap-3 border-0 p-0">
        <legend className="mb-1 text-sm text-muted-foreground">Channels</legend>
        {channels.length === 0 && <span className="text-muted-foreground">none yet (Settings → Alerts)</span>}
        {channels.map((c) => (
          <InlineField key={c.id}>
            <Input
              type="checkbox"
              checked={channelIds.includes(c.id)}
              onChange={(e) =>
                setChannelIds(e.target.checked ? [...channelIds, c.id] : channelIds.filter((id) => id !== c.id))
              }
            />{" "}
            {c.name} ({c.type})
          </InlineField>
        ))}
      </fieldset>
      <FormRow>
        <Button type="submit" value="save" disabled={save.isPending}>
          Save rule
        </Button>
        <Button type="submit" value="preview" variant="secondary" disabled={preview.isPending}>
          {preview.isPending ? "Previewing…" : "Preview last 7 days"}
        </Button>
        {initial.id && (
          <ConfirmButton
            title="Delete this rule?"
            body={<p>Its states and history go with it; open tickets stay.</p>}
            confirmLabel="Delete rule"
            onConfirm={() => remove.mutate()}
          >
            Delete
          </ConfirmButton>
        )}
      </FormRow>
      {error && (
        <Alert variant="destructive" role="alert">
          {error.message}
        </Alert>
      )}
      {preview.data && (
        <div role="status" aria-label="Preview">
          <p>
            Over the last 7 days (a point every{" "}
            {preview.data.stepMinutes >= 60 ? `${preview.data.stepMinutes / 60} h` : `${preview.data.stepMinutes} min`})
            this rule would have fired {preview.data.events.filter((e) => e.kind === "firing").length} time(s) and sent{" "}
            {preview.data.notifications} notification(s).
          </p>
          {preview.data.events.length > 0 && (
            <Table aria-label="Would have">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Group</th>
                  <th>Event</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {preview.data.events.map((e, i) => (
                  <tr key={i}>
                    <td>
                      <LocalTime value={e.at} seconds={false} />
                    </td>
                    <td>{e.groupKey || "all"}</td>
                    <td>{e.kind}</td>
                    <td>{formatConditionValue({ metric, baseline, changeUnit }, e.value)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      )}
    </form>
  );
}
