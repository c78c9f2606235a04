import Link from "next/link";
import { Card } from "@/components/ui/card";

export default function EndUserNotFound() {
  return (
    <Card role="alert">
      <h1>End user not found</h1>
      <p>No trace of the current project names this end user.</p>
      <Link href="/users">Back to end users</Link>
    </Card>
  );
}
