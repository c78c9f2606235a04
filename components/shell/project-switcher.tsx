"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { PromptButton } from "@/components/ui/confirm-button";
import { handled } from "@/components/ui/handled";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

type ProjectOption = { id: string; name: string; role: string };

export function ProjectSwitcher({
  projects,
  currentId,
  canCreate,
}: {
  projects: ProjectOption[];
  currentId: string;
  canCreate: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function select(projectId: string) {
    setError(null);
    try {
      await apiFetch("/api/session/project", { method: "POST", body: { projectId } });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function create(name: string) {
    try {
      const project = await apiFetch<{ id: string }>("/api/v1/projects", { method: "POST", body: { name } });
      await select(project.id);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Label>
        <span className="font-normal text-muted-foreground">Project</span>
        <Select aria-label="Project" value={currentId} onChange={handled((e) => select(e.target.value))}>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </Label>
      {canCreate && (
        <PromptButton
          title="New project"
          label="Name"
          submitLabel="Create project"
          onSubmit={(name) => void create(name)}
        >
          New project
        </PromptButton>
      )}
      {error && (
        <span role="alert" className="text-sm text-destructive">
          {error}
        </span>
      )}
    </div>
  );
}
