import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { findOpenInvitation } from "@/lib/members/accept-invitation";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findOpenInvitation(token);
  return (
    <main className="auth-page">
      {invitation ? (
        <AcceptInvitationForm token={token} email={invitation.email} projectName={invitation.projectName} />
      ) : (
        <div className="panel auth-card" role="alert">
          This invitation is invalid or has expired. Ask for a new one.
        </div>
      )}
    </main>
  );
}
