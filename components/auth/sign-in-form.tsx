"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { handled } from "@/components/ui/handled";

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
    <form className="panel auth-card" onSubmit={handled(onSubmit)}>
      <h1>Sign in</h1>
      {error && (
        <p role="alert" className="notice error">
          {error}
        </p>
      )}
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {oidcName && (
        <button type="button" className="secondary" onClick={handled(() => signIn("oidc", { callbackUrl }))}>
          Continue with {oidcName}
        </button>
      )}
    </form>
  );
}
