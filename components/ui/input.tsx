import type { ComponentProps } from "react";
import { cn } from "./cn";

export const fieldClass =
  "rounded-md border border-input bg-card px-2.5 text-sm text-foreground shadow-xs outline-none transition-colors placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/40 disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive";

export function Input({ className, type, ...props }: ComponentProps<"input">) {
  const box = type === "checkbox" || type === "radio";
  return (
    <input
      type={type}
      data-slot="input"
      className={cn(
        box ? "size-4 accent-primary" : cn(fieldClass, "h-9 min-w-0 py-1 file:mr-2 file:border-0 file:bg-transparent"),
        className,
      )}
      {...props}
    />
  );
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" className={cn(fieldClass, "min-h-16 w-full py-2", className)} {...props} />;
}
