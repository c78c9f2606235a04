import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "./cn";

// shadcn's alert, used for notices: `info` (a hint), `destructive` (an error), `success`.
// The role stays the caller's: role="alert" for errors, role="status" for results.
export const alertVariants = cva("relative mb-4 w-full rounded-md border border-l-4 px-3 py-2.5 text-sm", {
  variants: {
    variant: {
      info: "border-l-primary bg-accent text-accent-foreground",
      destructive: "border-l-destructive bg-row-alert text-foreground",
      success: "border-l-success bg-card text-foreground",
    },
  },
  defaultVariants: { variant: "info" },
});

export function Alert({ className, variant, ...props }: ComponentProps<"div"> & VariantProps<typeof alertVariants>) {
  return <div data-slot="alert" className={cn(alertVariants({ variant }), className)} {...props} />;
}

/** Inline result text of a form: an error (red) or a success (green). */
export function FormMessage({
  tone,
  className,
  ...props
}: ComponentProps<"span"> & { tone: "error" | "ok" | "muted" }) {
  return (
    <span
      className={cn(
        "text-sm",
        tone === "error" ? "text-destructive" : tone === "ok" ? "text-success" : "text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}
