"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { handled } from "@/components/ui/handled";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";

export function AcceptInvitationForm({
  token,
  email,
  projectName,
}: {
  token: string;
  email: string;
  projectName: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    try {
      await apiFetch("/api/invitations/accept", {
        method: "POST",
        body: { token, password, name: String(form.get("name") ?? "") || undefined },
      });
      await signIn("credentials", { email, password, redirect: false });
      router.replace("/");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <form className={cn(cardClass, "flex w-[360px] max-w-full flex-col gap-4")} onSubmit={handled(onSubmit)}>
      <h1>Join {projectName}</h1>
      <p className="text-muted-foreground">Signing up as {email}</p>
      {error && (
        <Alert variant="destructive" role="alert">
          {error}
        </Alert>
      )}
      <Field>
        Name
        <Input name="name" autoComplete="name" />
      </Field>
      <Field>
        Password
        <Input name="password" type="password" minLength={8} autoComplete="new-password" required />
      </Field>
      <Button type="submit" disabled={pending}>
        Accept invitation
      </Button>
    </form>
  );
}
