"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { alertVariants } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/label";

type Settings = {
  hasWebhookSecret: boolean;
  webhookPath: string;
  customerTenants: Record<string, string>;
  usdRates: Array<{ month: string; currency: string; usdPerUnit: number }>;
};
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.split(",").map((c) => c.trim()))
    .filter((cells) => cells.some(Boolean));

/** The revenue webhook: signing secret (write-only), customer → tenant, USD rates per month. */
export function BillingSettingsForm({ settings }: { settings: Settings }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const secret = String(form.get("webhookSecret") ?? "").trim();
    try {
      await apiFetch("/api/v1/settings/billing", {
        method: "PUT",
        body: {
          ...(secret ? { webhookSecret: secret } : {}),
          customerTenants: Object.fromEntries(lines(String(form.get("customers") ?? "")).map(([c, t]) => [c, t])),
          usdRates: lines(String(form.get("rates") ?? "")).map(([month, currency, rate]) => ({
            month,
            currency,
            usdPerUnit: Number(rate),
          })),
        },
      });
      setMessage({ error: false, text: "Billing settings saved." });
      router.refresh();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  }
  return (
    <form className={cn(cardClass, "grid gap-3")} onSubmit={(e) => void onSubmit(e)} aria-label="Revenue webhook">
      <h2>Revenue webhook</h2>
      <p className="text-muted-foreground">
        Point the billing system&apos;s <code>invoice.paid</code> events at <code>{settings.webhookPath}</code>. Each
        event counts once; other currencies are converted at the month&apos;s rate below.
      </p>
      <Field>
        Signing secret {settings.hasWebhookSecret ? "(set; leave empty to keep it)" : "(not set)"}
        <Input name="webhookSecret" type="password" autoComplete="off" />
      </Field>
      <Field>
        Customer → tenant, one <code>customer,tenant</code> a line
        <Textarea
          name="customers"
          rows={4}
          defaultValue={Object.entries(settings.customerTenants)
            .map(([c, t]) => `${c},${t}`)
            .join("\n")}
        />
      </Field>
      <Field>
        USD rates, one <code>month,currency,usd_per_unit</code> a line
        <Textarea
          name="rates"
          rows={3}
          defaultValue={settings.usdRates.map((r) => `${r.month},${r.currency},${r.usdPerUnit}`).join("\n")}
        />
      </Field>
      <Button type="submit" className="justify-self-start">
        Save
      </Button>
      {message && (
        <p className={alertVariants({ variant: message.error ? "destructive" : "info" })} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}
