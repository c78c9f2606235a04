"use client";
import {
  BadgeDollarSign,
  Bell,
  Gauge,
  GitCompare,
  Inbox,
  LayoutDashboard,
  Library,
  LoaderCircle,
  ListTree,
  MessagesSquare,
  Server,
  Settings,
  Users,
  Wallet,
} from "lucide-react";
import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import { Badge } from "@/components/ui/badge";

const LINKS = [
  { href: "/", label: "Overview", icon: LayoutDashboard },
  { href: "/traces", label: "Traces", icon: ListTree },
  { href: "/sessions", label: "Sessions", icon: MessagesSquare },
  { href: "/users", label: "End users", icon: Users },
  { href: "/cost", label: "Cost", icon: BadgeDollarSign },
  { href: "/finance", label: "Finance", icon: Wallet },
  { href: "/quality", label: "Quality", icon: Gauge },
  { href: "/releases", label: "Releases", icon: GitCompare },
  { href: "/sets", label: "Sets", icon: Library },
  { href: "/serving", label: "Serving", icon: Server },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/settings", label: "Settings", icon: Settings },
] as const;

const linkClass =
  "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm text-sidebar-foreground no-underline transition-colors hover:bg-sidebar-accent hover:text-white hover:no-underline aria-[current=page]:bg-sidebar-accent aria-[current=page]:font-medium aria-[current=page]:text-white";

/**
 * A spinner on the link being followed, from the click until the next page renders: the loading
 * state of a navigation, shown by the client before the server has answered. (Next's
 * loading.tsx would do it page-wide, but it kept a hidden copy of the previous render beside the
 * new one after same-route navigations; see ARCHITECTURE.md, "UI".)
 */
function Pending() {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return (
    <span data-testid="navigating" className="ml-auto inline-flex">
      <LoaderCircle className="size-4 animate-spin" aria-hidden />
      <span className="sr-only">Loading</span>
    </span>
  );
}

/** `myTickets`: open tickets held by the signed-in person, shown beside Alerts. */
export function NavLinks({ myTickets = 0 }: { myTickets?: number }) {
  const pathname = usePathname();
  const active = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {LINKS.map(({ href, label, icon: Icon }) => (
        <Link key={href} href={href} aria-current={active(href) ? "page" : undefined} className={linkClass}>
          <Icon className="size-4" aria-hidden />
          {label}
          <Pending />
        </Link>
      ))}
      <Link
        href="/alerts/tickets?mine=1"
        aria-label={`My tickets: ${myTickets} open`}
        aria-current={pathname === "/alerts/tickets" ? "page" : undefined}
        className={linkClass}
      >
        <Inbox className="size-4" aria-hidden />
        My tickets
        <Badge variant={myTickets > 0 ? "warning" : "secondary"} className="ml-auto">
          {myTickets}
        </Badge>
      </Link>
    </nav>
  );
}
