"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** A section's tabs; the one whose path is open is marked (aria-current) and styled as active. */
export function SectionTabs({ label, tabs }: { label: string; tabs: ReadonlyArray<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={pathname === t.href || pathname.startsWith(`${t.href}/`) ? "page" : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
