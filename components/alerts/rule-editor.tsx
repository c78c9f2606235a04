"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { ALERT_METRICS, formatConditionValue, GROUP_DIMENSIONS, METRIC_SPECS } from "@/lib/alerts/metric-catalog";
import { LocalTime } from "@/components/ui/local-time";
import { ConfirmButton } from "@/components/ui/confirm-button";

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
    <form className="panel" onSubmit={submit} style={{ display: "grid", gap: ".8rem" }} aria-label="Rule">
      <div className="form-row">
        <label>
          Name
          <input name="name" defaultValue={initial.name} required size={30} />
        </label>
        <label>
          Tier
          <select name="tier" value={tier} onChange={(e) => setTier(e.target.value)}>
            <option value="page">page: act now</option>
            <option value="ticket">ticket: next business day</option>
            <option value="dashboard">dashboard only</option>
          </select>
        </label>
        <label style={{ flexDirection: "row", alignItems: "center" }}>
          <input type="checkbox" name="enabled" defaultChecked={initial.enabled} /> Enabled
        </label>
      </div>
      <div className="form-row">
        <label>
          Metric
          <select name="metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
            {ALERT_METRICS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        {metric === "quality_avg" && (
          <label>
            Score name
            <input name="scoreName" defaultValue={initial.scoreName ?? ""} required />
          </label>
        )}
        {metric === "version_regression" && (
          <>
            <label>
              Version of
              <select name="version.by" defaultValue={initial.version?.by ?? "model"}>
                <option value="model">model</option>
                <option value="prompt">prompt</option>
                <option value="attribute">attribute</option>
              </select>
            </label>
            <label>
              Prompt name or attribute key
              <input name="version.key" defaultValue={initial.version?.key ?? ""} placeholder="service.version" />
            </label>
            <label>
              Baseline version
              <input name="version.baseline" defaultValue={initial.version?.baseline ?? ""} required />
            </label>
            <label>
              Candidate version
              <input name="version.candidate" defaultValue={initial.version?.candidate ?? ""} required />
            </label>
          </>
        )}
        <label>
          Comparator
          <select name="comparator" defaultValue={initial.comparator}>
            <option value="gt">above</option>
            <option value="lt">below</option>
          </select>
        </label>
        <label>
          Threshold
          <input
            name="threshold"
            type="number"
            step="any"
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            required
          />
          {threshold.trim() !== "" && Number.isFinite(Number(threshold)) && (
            <span className="muted">
              reads {formatConditionValue({ metric, baseline, changeUnit }, Number(threshold))}
            </span>
          )}
        </label>
        <label>
          Window
          <input name="window" defaultValue={initial.window} size={6} placeholder="1h" required />
        </label>
      </div>
      <p className="muted">{METRIC_SPECS[metric as keyof typeof METRIC_SPECS]?.description}</p>
      <div className="form-row">
        {(["tenant", "feature", "model", "kind"] as const).map((k) => (
          <label key={k}>
            Only {k}
            <input name={k} defaultValue={initial.filter[k] ?? ""} size={10} />
          </label>
        ))}
        <fieldset className="form-row" style={{ border: 0, padding: 0 }}>
          <legend className="muted">One alert per</legend>
          {GROUP_DIMENSIONS.map((d) => (
            <label key={d} style={{ flexDirection: "row", alignItems: "center" }}>
              <input type="checkbox" name={`groupBy.${d}`} defaultChecked={initial.groupBy.includes(d)} /> {d}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="form-row">
        <label>
          Breaching evaluations before firing
          <input name="minBreaches" type="number" min={1} max={60} defaultValue={initial.minBreaches} />
        </label>
        <label>
          Clear evaluations before resolving
          <input name="minRecoveries" type="number" min={1} max={60} defaultValue={initial.minRecoveries} />
        </label>
        <label>
          Owner override (e-mail)
          <input
            name="owner"
            type="email"
            defaultValue={initial.owner ?? ""}
            onChange={(e) => setHasOwner(e.target.value.trim() !== "")}
          />
        </label>
        <label>
          Escalate after (minutes)
          <input name="escalationMinutes" type="number" min={1} defaultValue={initial.escalationMinutes ?? ""} />
        </label>
      </div>
      <div className="form-row">
        <label>
          Compare with
          <select name="baseline" value={baseline} onChange={(e) => setBaseline(e.target.value)}>
            <option value="">the threshold itself</option>
            <option value="week_ago">the same window a week ago</option>
            <option value="median_4w">the median of the 4 past weeks</option>
          </select>
        </label>
        {baseline && (
          <label>
            Change in
            <select
              name="changeUnit"
              value={changeUnit}
              onChange={(e) => setChangeUnit(e.target.value === "stddev" ? "stddev" : "percent")}
            >
              <option value="percent">percent (threshold −30 = a 30 % drop)</option>
              <option value="stddev">standard deviations</option>
            </select>
          </label>
        )}
        <label>
          Minimum volume
          <input name="minVolume" type="number" min={0} defaultValue={initial.minVolume ?? 0} />
        </label>
        <label>
          No data after (minutes)
          <input name="noDataMinutes" type="number" min={1} defaultValue={initial.noDataMinutes ?? ""} />
        </label>
      </div>
      {silent && (
        <p className="notice error" role="status" aria-label="Silent rule">
          {silent}
        </p>
      )}
      <fieldset className="form-row" style={{ border: 0, padding: 0 }}>
        <legend className="muted">Channels</legend>
        {channels.length === 0 && <span className="muted">none yet (Settings → Alerts)</span>}
        {channels.map((c) => (
          <label key={c.id} style={{ flexDirection: "row", alignItems: "center" }}>
            <input
              type="checkbox"
              checked={channelIds.includes(c.id)}
              onChange={(e) =>
                setChannelIds(e.target.checked ? [...channelIds, c.id] : channelIds.filter((id) => id !== c.id))
              }
            />{" "}
            {c.name} ({c.type})
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <button type="submit" value="save" disabled={save.isPending}>
          Save rule
        </button>
        <button type="submit" value="preview" className="secondary" disabled={preview.isPending}>
          {preview.isPending ? "Previewing…" : "Preview last 7 days"}
        </button>
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
      </div>
      {error && (
        <p role="alert" className="notice error">
          {error.message}
        </p>
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
            <table aria-label="Would have">
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
            </table>
          )}
        </div>
      )}
    </form>
  );
}
