"use client";
import { Label as LabelPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Label({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return (
    <LabelPrimitive.Root
      data-slot="label"
      className={cn("flex items-center gap-2 text-sm leading-none font-medium select-none", className)}
      {...props}
    />
  );
}

/** A form field: the label text above its control, both inside one <label> (so the text names the control). */
export function Field({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return (
    <LabelPrimitive.Root
      data-slot="field"
      className={cn("flex flex-col gap-1.5 text-sm font-medium [&>span]:font-normal", className)}
      {...props}
    />
  );
}

/** A checkbox or radio with its text on one line. */
export function InlineField({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return <LabelPrimitive.Root className={cn("inline-flex items-center gap-1.5 text-sm", className)} {...props} />;
}

/** The row of fields of a form: they wrap, and buttons line up with the controls. */
export function FormRow({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex flex-wrap items-end gap-3", className)} {...props} />;
}
