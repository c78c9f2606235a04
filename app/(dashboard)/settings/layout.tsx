import { SectionTabs } from "@/components/ui/section-tabs";
import type { ReactNode } from "react";
import { Forbidden } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";

const SETTINGS_TABS = [
  { href: "/settings/members", label: "Members" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/ingest", label: "Ingest" },
  { href: "/settings/quality", label: "Quality" },
  { href: "/settings/alerts", label: "Alerts" },
  { href: "/settings/data", label: "Data" },
] as const;

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { forbidden } = await pageContext("settings.view");
  if (forbidden) return <Forbidden what="Settings" />;
  return (
    <section>
      <h1>Settings</h1>
      <SectionTabs label="Settings" tabs={SETTINGS_TABS} />
      {children}
    </section>
  );
}
