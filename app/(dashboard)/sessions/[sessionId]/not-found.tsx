import Link from "next/link";
import { Card } from "@/components/ui/card";

export default function SessionNotFound() {
  return (
    <Card role="alert">
      <h1>Session not found</h1>
      <p>
        No session with this id exists in the current project. It may belong to another project, or not have arrived
        yet.
      </p>
      <Link href="/sessions">Back to sessions</Link>
    </Card>
  );
}
