"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { handled } from "@/components/ui/handled";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";

export function SignInForm({ oidcName, callbackUrl }: { oidcName?: string; callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      // The server names a lockout ("Too many sign-in attempts; try again in N s"); anything else is a wrong pair.
      setError(result?.error?.startsWith("Too many") ? result.error : "Wrong email or password.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form className={cn(cardClass, "flex w-[360px] max-w-full flex-col gap-4")} onSubmit={handled(onSubmit)}>
      <h1>Sign in</h1>
      {error && (
        <Alert variant="destructive" role="alert">
          {error}
        </Alert>
      )}
      <Field>
        Email
        <Input name="email" type="email" autoComplete="username" required />
      </Field>
      <Field>
        Password
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {oidcName && (
        <Button type="button" variant="secondary" onClick={handled(() => signIn("oidc", { callbackUrl }))}>
          Continue with {oidcName}
        </Button>
      )}
    </form>
  );
}
