import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import { ProjectSwitcher } from "@/components/shell/project-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { myOpenTicketCount } from "@/lib/alerts/tickets";
import { currentProject, currentUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/list-projects";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const [project, projects] = await Promise.all([currentProject(user), listProjectsForUser(user.id)]);
  const myTickets = project ? await myOpenTicketCount({ ctx: project }).catch(() => 0) : 0;
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Observatory</div>
        <NavLinks myTickets={myTickets} />
      </aside>
      <div>
        <header className="topbar">
          {project ? (
            <ProjectSwitcher
              projects={projects}
              currentId={project.projectId}
              canCreate={projects.some((p) => p.role === "admin")}
            />
          ) : (
            <span className="muted">No project yet</span>
          )}
          <UserMenu email={user.email} name={user.name} role={project?.role ?? "none"} />
        </header>
        <main className="content">
          {project ? (
            children
          ) : (
            <p className="panel">You are not a member of any project yet. Ask an admin to invite you.</p>
          )}
        </main>
      </div>
    </div>
  );
}
