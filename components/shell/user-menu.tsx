"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { handled } from "@/components/ui/handled";

export function UserMenu({ email, name, role }: { email: string; name: string | null; role: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="menu">
      <button
        type="button"
        className="secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {name ?? email}
      </button>
      {open && (
        <div className="menu-list" role="menu">
          <span>{email}</span>
          <span className="muted">Role: {role}</span>
          <button type="button" role="menuitem" onClick={handled(() => signOut({ callbackUrl: "/signin" }))}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
