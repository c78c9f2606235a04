import { cookies } from "next/headers";
import { z } from "zod";
import { withUser } from "@/lib/api/with-project";
import { PROJECT_COOKIE } from "@/lib/auth/session";
import { projectContextFor } from "@/lib/projects/project-context";

/** Switches the signed-in person's current project (kept in a cookie, checked on every request). */
export const POST = withUser({
  body: z.object({ projectId: z.string().min(1) }),
  handler: async ({ user, body, request }) => {
    await projectContextFor(user, body.projectId);
    (await cookies()).set(PROJECT_COOKIE, body.projectId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: new URL(request.url).protocol === "https:",
      maxAge: 365 * 86_400,
    });
    return { projectId: body.projectId };
  },
});
