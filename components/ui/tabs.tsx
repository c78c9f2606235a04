"use client";
import { Tabs as TabsPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

// shadcn's tabs for views within one page; the section tabs that change the URL are links
// (section-tabs.tsx) styled with the same classes.
export const tabsListClass = "mb-4 flex flex-wrap items-center gap-1 border-b";
export const tabTriggerClass =
  "-mb-px inline-flex cursor-pointer items-center border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground no-underline transition-colors hover:text-foreground hover:no-underline aria-[current=page]:border-primary aria-[current=page]:text-foreground data-[state=active]:border-primary data-[state=active]:text-foreground";

export function Tabs(props: ComponentProps<typeof TabsPrimitive.Root>) {
  return <TabsPrimitive.Root data-slot="tabs" {...props} />;
}

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return <TabsPrimitive.List data-slot="tabs-list" className={cn(tabsListClass, className)} {...props} />;
}

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return <TabsPrimitive.Trigger data-slot="tabs-trigger" className={cn(tabTriggerClass, className)} {...props} />;
}

export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content data-slot="tabs-content" className={cn("outline-none", className)} {...props} />;
}
