// The look of a tab, shared by Radix tabs (tabs.tsx) and link tabs (section-tabs.tsx, server pages).
// A plain module: a server component importing a constant from a "use client" file gets a reference, not the string.
export const tabsListClass = "mb-4 flex flex-wrap items-center gap-1 border-b";
export const tabTriggerClass =
  "-mb-px inline-flex cursor-pointer items-center border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground no-underline transition-colors hover:text-foreground hover:no-underline aria-[current=page]:border-primary aria-[current=page]:text-foreground data-[state=active]:border-primary data-[state=active]:text-foreground";
