import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/config/env";

export const dynamic = "force-dynamic";

/** Only same-site paths are followed after sign-in. */
function safeCallback(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  return path && path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <main className="grid min-h-screen place-items-center p-4">
      <SignInForm oidcName={env().oidc?.name} callbackUrl={callbackUrl} />
    </main>
  );
}
