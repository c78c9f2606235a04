import Link from "next/link";

export default function EndUserNotFound() {
  return (
    <div className="panel" role="alert">
      <h1>End user not found</h1>
      <p>No trace of the current project names this end user.</p>
      <Link href="/users">Back to end users</Link>
    </div>
  );
}
