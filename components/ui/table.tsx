import type { ComponentProps } from "react";
import { cn } from "./cn";

// shadcn's table. The wrapper scrolls sideways inside its panel, so a wide table never makes the
// page scroll. Plain <th>/<td> inside a <Table> get the same look as the parts below.
const cells =
  "[&_th]:h-9 [&_th]:px-2 [&_th]:text-left [&_th]:align-middle [&_th]:font-medium [&_th]:whitespace-nowrap [&_th]:text-muted-foreground [&_td]:px-2 [&_td]:py-2 [&_td]:align-top [&_tr]:border-b [&_tbody_tr:last-child]:border-0";

export function Table({
  className,
  wrapperClassName,
  ...props
}: ComponentProps<"table"> & { wrapperClassName?: string }) {
  return (
    <div data-slot="table-container" className={cn("relative w-full overflow-x-auto", wrapperClassName)}>
      <table
        data-slot="table"
        className={cn("w-full caption-bottom border-collapse text-sm", cells, className)}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead data-slot="table-header" className={className} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={className} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr data-slot="table-row" className={cn("transition-colors hover:bg-muted/50", className)} {...props} />;
}

export function TableHead({ className, ...props }: ComponentProps<"th">) {
  return <th data-slot="table-head" className={className} {...props} />;
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td data-slot="table-cell" className={className} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cn("mt-3 text-sm text-muted-foreground", className)} {...props} />;
}

/** A cell cut to one line with an ellipsis; `title` shows it whole on hover. */
export const clipCell = "max-w-[22rem] overflow-hidden text-ellipsis whitespace-nowrap";
export const clipWideCell = "w-full max-w-[28rem] overflow-hidden text-ellipsis whitespace-nowrap";
/** A list that reads one line a row. */
export const oneLineTable = "[&_td]:whitespace-nowrap";
