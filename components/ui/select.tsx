import type { ComponentProps } from "react";
import { cn } from "./cn";
import { fieldClass } from "./input";

// A native <select>, styled like the inputs (shadcn's "native select"): the filter forms are GET
// forms that must submit it, keyboards and screen readers know it, and tests pick options in it.
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select data-slot="select" className={cn(fieldClass, "h-9 py-1 pr-7", className)} {...props} />;
}
