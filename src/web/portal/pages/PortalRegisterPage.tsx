import { AcceptInvitationFlow } from '../../features/links/components/AcceptInvitationFlow';
import { portalSessionKey } from '../../features/portal-auth/api/keys';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

/** Register from an invitation: `register#token=…`. */
export function PortalRegisterPage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Create your account', branding.displayName);
  return (
    <AcceptInvitationFlow
      Shell={PortalAuthShell}
      kind="portal_invitation"
      portalSlug={slug}
      title="Create your account"
      formTitle={(firmName) => `Create your account for ${firmName}`}
      formSubtitle="Choose a password to finish setting up your portal account."
      invalidTitle="This invitation link can't be used"
      invalidMessage={
        <>
          It may have expired, already been used, or been replaced by a newer invitation. Please ask {branding.displayName} to
          send you a new invitation.
        </>
      }
      sessionKey={portalSessionKey(slug)}
      enterTo="/"
    />
  );
}
