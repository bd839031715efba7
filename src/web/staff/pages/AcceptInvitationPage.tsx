import { AcceptInvitationFlow } from '../../features/links/components/AcceptInvitationFlow';
import { staffSessionKey } from '../../features/staff-auth/api/keys';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthShell } from '../AuthShell';

export function AcceptInvitationPage() {
  useDocumentTitle('Accept invitation', 'Ledger Loom');
  return (
    <AcceptInvitationFlow
      Shell={AuthShell}
      kind="staff_invitation"
      title="Accept your invitation"
      formTitle={(firmName) => `Join ${firmName} on Ledger Loom`}
      formSubtitle="Choose your password to finish setting up your account."
      invalidMessage={
        <>
          This invitation link has expired, has already been used or is not valid. Ask the person who invited you to
          send a new invitation.
        </>
      }
      sessionKey={staffSessionKey}
      enterTo="/app/clients"
    />
  );
}
