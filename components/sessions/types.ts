import type { getSession } from "@/lib/sessions/get-session";

export type SessionDetail = Awaited<ReturnType<typeof getSession>>;
export type SessionTurn = SessionDetail["turns"][number];
