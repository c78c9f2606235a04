"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { handled } from "@/components/ui/handled";
import { alertVariants } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";

/** Who gets the review by e-mail on the month's first working day: member ids or addresses, one a line. */
export function ReviewSubscribersEditor({
  subscribers,
  members,
}: {
  subscribers: string[];
  members: Array<{ id: string; email: string }>;
}) {
  const router = useRouter();
  const shown = subscribers.map((s) => members.find((m) => m.id === s)?.email ?? s);
  const [text, setText] = useState(shown.join("\n"));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const save = async () => {
    setMessage(null);
    // A member's address is saved as the member, so that a changed address still receives it.
    const entries = text
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => members.find((m) => m.email.toLowerCase() === s.toLowerCase())?.id ?? s);
    try {
      const saved = await apiFetch<{ subscribers: string[] }>("/api/v1/review/subscribers", {
        method: "PUT",
        body: { subscribers: entries },
      });
      setMessage({ error: false, text: `${saved.subscribers.length} subscribers saved.` });
      router.refresh();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  };
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-label="Review subscribers"
      onSubmit={handled(async (e) => {
        e.preventDefault();
        await save();
      })}
    >
      <Field className="flex-1">
        E-mail the review to (members or addresses, one a line)
        <Textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-label="Review subscribers" />
      </Field>
      <Button type="submit" variant="secondary">
        Save subscribers
      </Button>
      {message && (
        <p className={alertVariants({ variant: message.error ? "destructive" : "info" })} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}
