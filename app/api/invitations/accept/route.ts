import { readJsonBody } from "@/lib/api/with-project";
import { toErrorResponse } from "@/lib/api/respond";
import { acceptInvitation, acceptInvitationInput } from "@/lib/members/accept-invitation";

// Public: the invitation token is the credential.
export async function POST(request: Request) {
  try {
    const input = acceptInvitationInput.parse(await readJsonBody(request));
    return Response.json(await acceptInvitation(input));
  } catch (error) {
    return toErrorResponse(error);
  }
}
