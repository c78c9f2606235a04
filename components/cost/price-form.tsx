"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { handled } from "@/components/ui/handled";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Alert } from "@/components/ui/alert";

const numberOrUndefined = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === "" ? undefined : Number(v);
const isoOrUndefined = (v: FormDataEntryValue | null) =>
  v ? new Date(`${String(v)}T00:00:00Z`).toISOString() : undefined;

/** Adds a project price (per million tokens) or GPU hourly rate; errors name the field. */
export function PriceForm({ kind }: { kind: "model" | "gpu" }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const common = { effectiveFrom: isoOrUndefined(form.get("effectiveFrom")), applyTo: String(form.get("applyTo")) };
    const body =
      kind === "model"
        ? {
            model: String(form.get("model")),
            inputPerMTok: numberOrUndefined(form.get("input")),
            outputPerMTok: numberOrUndefined(form.get("output")),
            cachedInputPerMTok: numberOrUndefined(form.get("cached")),
            ...common,
          }
        : { gpuType: String(form.get("gpuType")), usdPerHour: numberOrUndefined(form.get("rate")), ...common };
    try {
      await apiFetch(kind === "model" ? "/api/v1/prices" : "/api/v1/gpu-rates", { method: "POST", body });
      setMessage({ error: false, text: "Saved. Cost pages use it on their next load." });
      element.reset();
      router.refresh();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  }
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={handled(onSubmit)}
      aria-label={kind === "model" ? "Add a model price" : "Add a GPU rate"}
    >
      {kind === "model" ? (
        <>
          <Field>
            Model (name or pattern with *)
            <Input name="model" required placeholder="e.g. my-finetune-*" />
          </Field>
          <Field>
            Input $/MTok
            <Input className="w-[7em]" name="input" type="number" step="any" required />
          </Field>
          <Field>
            Output $/MTok
            <Input className="w-[7em]" name="output" type="number" step="any" required />
          </Field>
          <Field>
            Cached input $/MTok
            <Input className="w-[7em]" name="cached" type="number" step="any" />
          </Field>
        </>
      ) : (
        <>
          <Field>
            GPU type
            <Input name="gpuType" required placeholder="e.g. H100" />
          </Field>
          <Field>
            $/hour
            <Input className="w-[7em]" name="rate" type="number" step="any" required />
          </Field>
        </>
      )}
      <Field>
        Effective from (UTC day)
        <Input name="effectiveFrom" type="date" aria-describedby={`${kind}-applies-help`} />
      </Field>
      <Field>
        Applies to
        <Select name="applyTo" defaultValue="from-effective-date" aria-describedby={`${kind}-applies-help`}>
          <option value="from-effective-date">usage from that day on</option>
          <option value="history">all history (re-price)</option>
        </Select>
      </Field>
      <Button type="submit">Add</Button>
      <p id={`${kind}-applies-help`} className="text-muted-foreground basis-full m-0">
        A price starts at 00:00 UTC of its day; without a day, at the next 00:00 UTC, so usage already counted today
        keeps its price. &quot;All history&quot; re-prices every earlier day too.
      </p>
      {message && (
        <Alert variant={message.error ? "destructive" : "success"} role="status">
          {message.text}
        </Alert>
      )}
    </form>
  );
}
