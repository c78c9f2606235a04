import Link from "next/link";
import { Card } from "@/components/ui/card";

export default function TraceNotFound() {
  return (
    <Card role="alert">
      <h1>Trace not found</h1>
      <p>
        No trace with this id exists in the current project. It may belong to another project, or not have arrived yet.
      </p>
      <Link href="/traces">Back to traces</Link>
    </Card>
  );
}
