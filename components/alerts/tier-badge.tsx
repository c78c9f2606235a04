import { Badge } from "@/components/ui/badge";

/** An alert's tier (page, ticket, dashboard) or an attention item's kind, as a badge: page is red, ticket amber. */
export function TierBadge({ tier }: { tier: string }) {
  const variant = tier === "page" ? "destructive" : tier === "ticket" ? "warning" : "secondary";
  return <Badge variant={variant}>{tier}</Badge>;
}
