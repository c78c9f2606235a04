import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { KIND_ICON } from "./types";

const KIND_COLOR: Record<string, string> = {
  llm: "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200",
  tool: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  retrieval: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200",
  gpu: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  embedding: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  agent: "bg-purple-100 text-purple-800 dark:bg-purple-950 dark:text-purple-200",
  chain: "bg-purple-100 text-purple-800 dark:bg-purple-950 dark:text-purple-200",
};

/** A span's kind as a short coloured tag (LLM, TOOL, RET…). */
export function KindBadge({ kind }: { kind: string }) {
  return (
    <Badge className={cn("min-w-[2.6em] px-1 text-[0.7rem]", KIND_COLOR[kind])}>{KIND_ICON[kind] ?? "SPAN"}</Badge>
  );
}
