import Link from "next/link";
import type { ReactNode } from "react";
import { Forbidden } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { forbidden } = await pageContext("settings.view");
  if (forbidden) return <Forbidden what="Settings" />;
  return (
    <section>
      <h1>Settings</h1>
      <nav className="form-row" aria-label="Settings" style={{ marginBottom: "1rem" }}>
        <Link href="/settings/members">Members</Link>
        <Link href="/settings/api-keys">API keys</Link>
        <Link href="/settings/ingest">Ingest</Link>
        <Link href="/settings/quality">Quality</Link>
        <Link href="/settings/alerts">Alerts</Link>
        <Link href="/settings/data">Data</Link>
      </nav>
      {children}
    </section>
  );
}
