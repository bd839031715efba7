import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { LoadingState } from '../../components/States';
import { useAcceptInvitation } from '../../features/links/api/use-accept-invitation';
import { useInspectLink } from '../../features/links/api/use-inspect-link';
import { InvalidLink } from '../../features/links/components/InvalidLink';
import { SetPasswordForm } from '../../features/links/components/SetPasswordForm';
import { portalSessionKey } from '../../features/portal-auth/api/keys';
import { isApiError } from '../../lib/api-client';
import { useLinkToken } from '../../lib/link-token';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

/** Register from an invitation: `register#token=…`. */
export function PortalRegisterPage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Create your account', branding.displayName);
  const token = useLinkToken();
  const link = useInspectLink(token);
  const accept = useAcceptInvitation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const linkDead =
    !token ||
    link.isError ||
    (link.data && (link.data.kind !== 'portal_invitation' || link.data.portalSlug !== slug)) ||
    (isApiError(accept.error) && accept.error.status === 404);

  if (linkDead) {
    return (
      <PortalAuthShell title="Create your account">
        <InvalidLink title="This invitation link can't be used">
          It may have expired, already been used, or been replaced by a newer invitation. Please ask {branding.displayName} to
          send you a new invitation.
        </InvalidLink>
      </PortalAuthShell>
    );
  }

  if (link.isPending) {
    return (
      <PortalAuthShell title="Create your account">
        <LoadingState label="Checking your invitation…" />
      </PortalAuthShell>
    );
  }

  return (
    <PortalAuthShell title={`Create your account for ${link.data.firmName}`} subtitle="Choose a password to finish setting up your portal account.">
      <SetPasswordForm
        email={link.data.email}
        askName
        initialName={link.data.name}
        submitLabel="Create account"
        isPending={accept.isPending}
        error={accept.error}
        onSubmit={({ name, password }) =>
          accept.mutate(
            { token, name, password },
            {
              onSuccess: async () => {
                // Signed in by the reply's cookie: load the session (and its CSRF token), then the dashboard.
                await queryClient.invalidateQueries({ queryKey: portalSessionKey(slug) });
                void navigate('/', { replace: true });
              },
            },
          )
        }
      />
    </PortalAuthShell>
  );
}
