"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/traces", label: "Traces" },
  { href: "/cost", label: "Cost" },
  { href: "/finance", label: "Finance" },
  { href: "/quality", label: "Quality" },
  { href: "/releases", label: "Releases" },
  { href: "/sets", label: "Sets" },
  { href: "/serving", label: "Serving" },
  { href: "/alerts", label: "Alerts" },
  { href: "/settings", label: "Settings" },
] as const;

/** `myTickets`: open tickets held by the signed-in person, shown beside Alerts. */
export function NavLinks({ myTickets = 0 }: { myTickets?: number }) {
  const pathname = usePathname();
  const active = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav aria-label="Main">
      {LINKS.map((link) => (
        <Link key={link.href} href={link.href} aria-current={active(link.href) ? "page" : undefined}>
          {link.label}
        </Link>
      ))}
      <Link
        href="/alerts/tickets?mine=1"
        aria-label={`My tickets: ${myTickets} open`}
        aria-current={pathname === "/alerts/tickets" ? "page" : undefined}
      >
        My tickets <span className="kind-badge">{myTickets}</span>
      </Link>
    </nav>
  );
}
