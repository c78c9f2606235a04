"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { handled } from "@/components/ui/handled";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";

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
    <div className="flex flex-wrap items-end gap-1">
      {mode === "idle" && (
        <>
          <Button type="button" variant="secondary" onClick={() => setMode("edit")} aria-label={`Edit ${label}`}>
            Edit
          </Button>
          {price.effectiveTo === null ? (
            <Button type="button" variant="secondary" onClick={() => setMode("end")} aria-label={`End ${label}`}>
              End
            </Button>
          ) : (
            <Button
              type="button"
              variant="secondary"
              onClick={handled(() => send("PATCH", { effectiveTo: null }))}
              aria-label={`Reopen ${label}`}
            >
              Reopen
            </Button>
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
        <form className="flex flex-wrap items-end gap-3" onSubmit={handled(onEdit)} aria-label={`Edit ${label}`}>
          <Field>
            Input $/MTok
            <Input name="input" type="number" step="any" required defaultValue={price.inputPerMTok} />
          </Field>
          <Field>
            Output $/MTok
            <Input name="output" type="number" step="any" required defaultValue={price.outputPerMTok} />
          </Field>
          <Field>
            Cached input $/MTok
            <Input name="cached" type="number" step="any" defaultValue={price.cachedInputPerMTok ?? ""} />
          </Field>
          <Button type="submit">Save</Button>
          <Button type="button" variant="secondary" onClick={() => setMode("idle")}>
            Cancel
          </Button>
        </form>
      )}
      {mode === "end" && (
        <form className="flex flex-wrap items-end gap-3" onSubmit={handled(onEnd)} aria-label={`End ${label}`}>
          <Field>
            Last in force before 00:00 UTC of
            <Input name="endsOn" type="date" required defaultValue={tomorrow()} />
          </Field>
          <Button type="submit">End price</Button>
          <Button type="button" variant="secondary" onClick={() => setMode("idle")}>
            Cancel
          </Button>
        </form>
      )}
      {error && (
        <Alert variant="destructive" role="alert">
          {error}
        </Alert>
      )}
    </div>
  );
}
