import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import { ProjectSwitcher } from "@/components/shell/project-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { myOpenTicketCount } from "@/lib/alerts/tickets";
import { EmptyState } from "@/components/ui/states";
import { currentProject, currentUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/list-projects";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const [project, projects] = await Promise.all([currentProject(user), listProjectsForUser(user.id)]);
  const myTickets = project ? await myOpenTicketCount({ ctx: project }).catch(() => 0) : 0;
  return (
    // The main column is min-w-0: a wide table scrolls inside its panel, the page never sideways.
    <div className="grid min-h-screen grid-cols-[220px_minmax(0,1fr)]">
      <aside className="flex flex-col gap-4 bg-sidebar px-3 py-4 text-sidebar-foreground">
        <div className="px-2 text-base font-bold text-white">Observatory</div>
        <NavLinks myTickets={myTickets} />
      </aside>
      <div className="min-w-0">
        <header className="flex items-center justify-between gap-4 border-b bg-card px-5 py-2.5">
          {project ? (
            <ProjectSwitcher
              projects={projects}
              currentId={project.projectId}
              canCreate={projects.some((p) => p.role === "admin")}
            />
          ) : (
            <span className="text-sm text-muted-foreground">No project yet</span>
          )}
          <UserMenu email={user.email} name={user.name} role={project?.role ?? "none"} />
        </header>
        <main className="min-w-0 max-w-[1200px] p-5">
          {project ? (
            children
          ) : (
            <EmptyState title="No project yet">
              You are not a member of any project yet. Ask an admin to invite you.
            </EmptyState>
          )}
        </main>
      </div>
    </div>
  );
}
