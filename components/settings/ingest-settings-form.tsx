"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { RedactionFields, type RedactionSettings } from "./redaction-fields";

type IngestSettings = {
  tenantKeys: string[];
  featureKeys: string[];
  sessionKeys?: string[];
  userKeys?: string[];
  payloadCapBytes: number;
  retrievalLowScore?: number;
  redaction: RedactionSettings;
};
const keyList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter(Boolean);

export function IngestSettingsForm({ initial }: { initial: IngestSettings }) {
  const [saved, setSaved] = useState(false);
  const [rules, setRules] = useState(initial.redaction.customRules);
  const save = useMutation({
    mutationFn: (body: IngestSettings) => apiFetch<IngestSettings>("/api/v1/settings/ingest", { method: "PUT", body }),
    onSuccess: () => setSaved(true),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    save.mutate({
      tenantKeys: keyList(String(form.get("tenantKeys") ?? "")),
      featureKeys: keyList(String(form.get("featureKeys") ?? "")),
      sessionKeys: keyList(String(form.get("sessionKeys") ?? "")),
      userKeys: keyList(String(form.get("userKeys") ?? "")),
      payloadCapBytes: Math.round(Number(form.get("payloadCapKiB")) * 1024),
      retrievalLowScore: Number(form.get("retrievalLowScore")),
      redaction: {
        detectors: form.getAll("detector").map(String),
        customRules: rules.map((r) => ({ name: r.name.trim(), pattern: r.pattern })),
      },
    });
  }

  return (
    <form className="panel" onSubmit={onSubmit} style={{ display: "grid", gap: "0.8rem", maxWidth: 560 }}>
      <p className="muted">
        Attribute keys this project uses for tenant, feature, session and end user, tried before the standard ones (
        <code>tenant.id</code>, <code>feature.name</code>, <code>session.id</code>, <code>user.id</code> and each
        SDK&apos;s own).
      </p>
      <label>
        Tenant attribute keys
        <input name="tenantKeys" defaultValue={initial.tenantKeys.join(", ")} placeholder="e.g. app.customer_id" />
      </label>
      <label>
        Feature attribute keys
        <input name="featureKeys" defaultValue={initial.featureKeys.join(", ")} placeholder="e.g. app.feature" />
      </label>
      <label>
        Session attribute keys
        <input
          name="sessionKeys"
          defaultValue={(initial.sessionKeys ?? []).join(", ")}
          placeholder="e.g. app.conversation_id"
        />
      </label>
      <label>
        End-user attribute keys
        <input name="userKeys" defaultValue={(initial.userKeys ?? []).join(", ")} placeholder="e.g. app.user_id" />
      </label>
      <label>
        Payload cap per field (KiB)
        <input name="payloadCapKiB" type="number" min={1} max={4096} defaultValue={initial.payloadCapBytes / 1024} />
      </label>
      <label>
        Low retrieval score threshold
        <input name="retrievalLowScore" type="number" step="any" defaultValue={initial.retrievalLowScore ?? 0.5} />
        <span className="muted">
          The rule score <code>retrieval_low_score</code> fires when a retrieval&apos;s best document scores under this.
        </span>
      </label>
      <RedactionFields initial={initial.redaction} rules={rules} setRules={setRules} />
      <div>
        <button type="submit" disabled={save.isPending}>
          Save
        </button>
      </div>
      {saved && (
        <p role="status" className="ok-text">
          Saved. New spans use these settings within 30 seconds.
        </p>
      )}
      {save.isError && (
        <p role="alert" className="notice error">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
