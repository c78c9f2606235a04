"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { RedactionFields, type RedactionSettings } from "./redaction-fields";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";

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
    <form className={cn(cardClass, "grid gap-3 max-w-[560px]")} onSubmit={onSubmit}>
      <p className="text-muted-foreground">
        Attribute keys this project uses for tenant, feature, session and end user, tried before the standard ones (
        <code>tenant.id</code>, <code>feature.name</code>, <code>session.id</code>, <code>user.id</code> and each
        SDK&apos;s own).
      </p>
      <Field>
        Tenant attribute keys
        <Input name="tenantKeys" defaultValue={initial.tenantKeys.join(", ")} placeholder="e.g. app.customer_id" />
      </Field>
      <Field>
        Feature attribute keys
        <Input name="featureKeys" defaultValue={initial.featureKeys.join(", ")} placeholder="e.g. app.feature" />
      </Field>
      <Field>
        Session attribute keys
        <Input
          name="sessionKeys"
          defaultValue={(initial.sessionKeys ?? []).join(", ")}
          placeholder="e.g. app.conversation_id"
        />
      </Field>
      <Field>
        End-user attribute keys
        <Input name="userKeys" defaultValue={(initial.userKeys ?? []).join(", ")} placeholder="e.g. app.user_id" />
      </Field>
      <Field>
        Payload cap per field (KiB)
        <Input name="payloadCapKiB" type="number" min={1} max={4096} defaultValue={initial.payloadCapBytes / 1024} />
      </Field>
      <Field>
        Low retrieval score threshold
        <Input name="retrievalLowScore" type="number" step="any" defaultValue={initial.retrievalLowScore ?? 0.5} />
        <span className="text-muted-foreground">
          The rule score <code>retrieval_low_score</code> fires when a retrieval&apos;s best document scores under this.
        </span>
      </Field>
      <RedactionFields initial={initial.redaction} rules={rules} setRules={setRules} />
      <div>
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
      </div>
      {saved && (
        <p role="status" className="text-success">
          Saved. New spans use these settings within 30 seconds.
        </p>
      )}
      {save.isError && (
        <Alert variant="destructive" role="alert">
          {save.error.message}
        </Alert>
      )}
    </form>
  );
}
