import { z } from "zod";

const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/** The period and tenant of the end-user reads (GET /api/v1/users, /api/v1/users/{id}). */
export const endUsersQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  tenant: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type EndUsersQuery = z.infer<typeof endUsersQuery>;

const DAY_MS = 86_400_000;

/** The period a read covers: the last 30 days unless given. */
export function endUserPeriod(query: { from?: Date; to?: Date }): { from: Date; to: Date } {
  const to = query.to ?? new Date(Date.now() + 60_000);
  return { from: query.from ?? new Date(to.getTime() - 30 * DAY_MS), to };
}
