import Link from "next/link";
import type { ReactNode } from "react";

/** A page's title, with its actions (links styled as buttons, a period picker) on the right. */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <h1 className="m-0">{title}</h1>
      {children && <div className="flex flex-wrap items-center gap-3 text-sm">{children}</div>}
    </div>
  );
}

/** The way back to the parent page, above a page's title. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="mb-1 inline-block text-sm">
      ← {children}
    </Link>
  );
}
