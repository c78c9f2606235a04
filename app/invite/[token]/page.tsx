import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { findOpenInvitation } from "@/lib/members/accept-invitation";
import { Card } from "@/components/ui/card";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findOpenInvitation(token);
  return (
    <main className="grid min-h-screen place-items-center p-4">
      {invitation ? (
        <AcceptInvitationForm token={token} email={invitation.email} projectName={invitation.projectName} />
      ) : (
        <Card className="flex w-[360px] max-w-full flex-col gap-4" role="alert">
          This invitation is invalid or has expired. Ask for a new one.
        </Card>
      )}
    </main>
  );
}
