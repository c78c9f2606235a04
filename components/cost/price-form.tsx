"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { handled } from "@/components/ui/handled";

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
      className="form-row"
      onSubmit={handled(onSubmit)}
      aria-label={kind === "model" ? "Add a model price" : "Add a GPU rate"}
    >
      {kind === "model" ? (
        <>
          <label>
            Model (name or pattern with *)
            <input name="model" required placeholder="e.g. my-finetune-*" />
          </label>
          <label>
            Input $/MTok
            <input name="input" type="number" step="any" required style={{ width: "7em" }} />
          </label>
          <label>
            Output $/MTok
            <input name="output" type="number" step="any" required style={{ width: "7em" }} />
          </label>
          <label>
            Cached input $/MTok
            <input name="cached" type="number" step="any" style={{ width: "7em" }} />
          </label>
        </>
      ) : (
        <>
          <label>
            GPU type
            <input name="gpuType" required placeholder="e.g. H100" />
          </label>
          <label>
            $/hour
            <input name="rate" type="number" step="any" required style={{ width: "7em" }} />
          </label>
        </>
      )}
      <label>
        Effective from (UTC day)
        <input name="effectiveFrom" type="date" aria-describedby={`${kind}-applies-help`} />
      </label>
      <label>
        Applies to
        <select name="applyTo" defaultValue="from-effective-date" aria-describedby={`${kind}-applies-help`}>
          <option value="from-effective-date">usage from that day on</option>
          <option value="history">all history (re-price)</option>
        </select>
      </label>
      <button type="submit">Add</button>
      <p id={`${kind}-applies-help`} className="muted" style={{ flexBasis: "100%", margin: 0 }}>
        A price starts at 00:00 UTC of its day; without a day, at the next 00:00 UTC, so usage already counted today
        keeps its price. &quot;All history&quot; re-prices every earlier day too.
      </p>
      {message && (
        <p className={message.error ? "notice error" : "notice"} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}
