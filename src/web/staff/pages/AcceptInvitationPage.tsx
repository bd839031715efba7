import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { LoadingState } from '../../components/States';
import { useAcceptInvitation } from '../../features/links/api/use-accept-invitation';
import { useInspectLink } from '../../features/links/api/use-inspect-link';
import { InvalidLink } from '../../features/links/components/InvalidLink';
import { SetPasswordForm } from '../../features/links/components/SetPasswordForm';
import { staffSessionKey } from '../../features/staff-auth/api/keys';
import { isApiError } from '../../lib/api-client';
import { useLinkToken } from '../../lib/link-token';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthShell } from '../AuthShell';

export function AcceptInvitationPage() {
  useDocumentTitle('Accept invitation', 'Ledger Loom');
  const token = useLinkToken();
  const link = useInspectLink(token);
  const accept = useAcceptInvitation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const linkDead =
    !token ||
    link.isError ||
    (link.data && link.data.kind !== 'staff_invitation') ||
    (isApiError(accept.error) && accept.error.status === 404);

  if (linkDead) {
    return (
      <AuthShell title="Accept your invitation">
        <InvalidLink>
          This invitation link has expired, has already been used or is not valid. Ask the person who invited you to
          send a new invitation.
        </InvalidLink>
      </AuthShell>
    );
  }

  if (link.isPending) {
    return (
      <AuthShell title="Accept your invitation">
        <LoadingState label="Checking your invitation…" />
      </AuthShell>
    );
  }

  return (
    <AuthShell title={`Join ${link.data.firmName} on Ledger Loom`} subtitle="Choose your password to finish setting up your account.">
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
                // The reply set the session cookie; load the session (and its CSRF token) before entering.
                await queryClient.invalidateQueries({ queryKey: staffSessionKey });
                void navigate('/app/clients', { replace: true });
              },
            },
          )
        }
      />
    </AuthShell>
  );
}
