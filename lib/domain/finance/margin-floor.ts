// When a tenant is under water: shared by the finance page, the Overview's attention list and exports.

/** The margin a tenant should keep, in percent of its revenue, unless finance picks another. */
export const DEFAULT_MARGIN_FLOOR_PCT = 20;

/** A tenant with cost is below the floor when its margin is under it, or when it pays nothing. */
export const belowMarginFloor = (
  r: { costUsd: number; marginPct: number | null },
  floorPct = DEFAULT_MARGIN_FLOOR_PCT,
) => r.costUsd > 0 && (r.marginPct === null || r.marginPct < floorPct);
