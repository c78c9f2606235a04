"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { handled } from "@/components/ui/handled";

export type EditablePrice = {
  id: string;
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  /** ISO time, or null while the price has no end. */
  effectiveTo: string | null;
};

const numberOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : Number(v));
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** Edit, end (or reopen) and delete one project price, in place in its table row. */
export function PriceRowActions({ price }: { price: EditablePrice }) {
  const router = useRouter();
  const [mode, setMode] = useState<"idle" | "edit" | "end">("idle");
  const [error, setError] = useState<string | null>(null);
  const send = async (method: "PATCH" | "DELETE", body?: unknown) => {
    setError(null);
    try {
      await apiFetch(`/api/v1/prices/${encodeURIComponent(price.id)}`, { method, body });
      setMode("idle");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  async function onEdit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const cached = numberOrNull(form.get("cached"));
    await send("PATCH", {
      inputPerMTok: numberOrNull(form.get("input")),
      outputPerMTok: numberOrNull(form.get("output")),
      ...(cached === null ? {} : { cachedInputPerMTok: cached }),
    });
  }
  async function onEnd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const day = String(new FormData(event.currentTarget).get("endsOn"));
    await send("PATCH", { effectiveTo: new Date(`${day}T00:00:00Z`).toISOString() });
  }
  const label = `price of ${price.model}`;
  return (
    <div className="form-row" style={{ gap: "0.25rem" }}>
      {mode === "idle" && (
        <>
          <button type="button" className="secondary" onClick={() => setMode("edit")} aria-label={`Edit ${label}`}>
            Edit
          </button>
          {price.effectiveTo === null ? (
            <button type="button" className="secondary" onClick={() => setMode("end")} aria-label={`End ${label}`}>
              End
            </button>
          ) : (
            <button
              type="button"
              className="secondary"
              onClick={handled(() => send("PATCH", { effectiveTo: null }))}
              aria-label={`Reopen ${label}`}
            >
              Reopen
            </button>
          )}
          <ConfirmButton
            title={`Delete the ${label}?`}
            body="Its usage is priced as if it had never been added: by another matching price, or not at all."
            confirmLabel="Delete"
            onConfirm={handled(() => send("DELETE"))}
          >
            Delete
          </ConfirmButton>
        </>
      )}
      {mode === "edit" && (
        <form className="form-row" onSubmit={handled(onEdit)} aria-label={`Edit ${label}`}>
          <label>
            Input $/MTok
            <input name="input" type="number" step="any" required defaultValue={price.inputPerMTok} />
          </label>
          <label>
            Output $/MTok
            <input name="output" type="number" step="any" required defaultValue={price.outputPerMTok} />
          </label>
          <label>
            Cached input $/MTok
            <input name="cached" type="number" step="any" defaultValue={price.cachedInputPerMTok ?? ""} />
          </label>
          <button type="submit">Save</button>
          <button type="button" className="secondary" onClick={() => setMode("idle")}>
            Cancel
          </button>
        </form>
      )}
      {mode === "end" && (
        <form className="form-row" onSubmit={handled(onEnd)} aria-label={`End ${label}`}>
          <label>
            Last in force before 00:00 UTC of
            <input name="endsOn" type="date" required defaultValue={tomorrow()} />
          </label>
          <button type="submit">End price</button>
          <button type="button" className="secondary" onClick={() => setMode("idle")}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
