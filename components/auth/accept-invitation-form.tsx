"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { handled } from "@/components/ui/handled";

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
    <form className="panel auth-card" onSubmit={handled(onSubmit)}>
      <h1>Join {projectName}</h1>
      <p className="muted">Signing up as {email}</p>
      {error && (
        <p role="alert" className="notice error">
          {error}
        </p>
      )}
      <label>
        Name
        <input name="name" autoComplete="name" />
      </label>
      <label>
        Password
        <input name="password" type="password" minLength={8} autoComplete="new-password" required />
      </label>
      <button type="submit" disabled={pending}>
        Accept invitation
      </button>
    </form>
  );
}
