/** A group's stable key ("feature=checkout|tenant=acme"; "" when the rule is not grouped). */
export const keyOf = (group: Record<string, string>) =>
  Object.entries(group)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("|");
