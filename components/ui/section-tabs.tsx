"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { tabsListClass, tabTriggerClass } from "./tab-classes";

/** A section's tabs; the one whose path is open is marked (aria-current) and styled as active. */
export function SectionTabs({ label, tabs }: { label: string; tabs: ReadonlyArray<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav className={tabsListClass} aria-label={label}>
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          className={tabTriggerClass}
          aria-current={pathname === t.href || pathname.startsWith(`${t.href}/`) ? "page" : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

/** Tabs whose state is in the URL's search params (a period, a filter): the caller says which is current. */
export function LinkTabs({
  label,
  tabs,
}: {
  label: string;
  tabs: ReadonlyArray<{ href: string; label: string; current: boolean }>;
}) {
  return (
    <nav className={tabsListClass} aria-label={label}>
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} className={tabTriggerClass} aria-current={t.current ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
