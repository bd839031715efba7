import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { LoadingState } from '../../../components/States';
import { isApiError } from '../../../lib/api-client';
import { useLinkToken } from '../../../lib/link-token';
import { useAcceptInvitation } from '../api/use-accept-invitation';
import { useInspectLink } from '../api/use-inspect-link';
import type { AuthShellComponent } from './AuthShellType';
import { InvalidLink } from './InvalidLink';
import { SetPasswordForm } from './SetPasswordForm';

export interface AcceptInvitationFlowProps {
  Shell: AuthShellComponent;
  kind: 'staff_invitation' | 'portal_invitation';
  /** The portal the invitation must belong to; left out for staff invitations. */
  portalSlug?: string;
  /** The card's title while the link is checked or when it can't be used. */
  title: string;
  /** The card's title once the link is known good. */
  formTitle: (firmName: string) => string;
  formSubtitle: string;
  invalidTitle?: string;
  invalidMessage: ReactNode;
  /** The session to load once the reply has signed the person in, and where they go next. */
  sessionKey: QueryKey;
  enterTo: string;
}

/** An invitation link (`…#token=…`): checks the link, then asks for the name and a password. */
export function AcceptInvitationFlow({
  Shell,
  kind,
  portalSlug,
  title,
  formTitle,
  formSubtitle,
  invalidTitle,
  invalidMessage,
  sessionKey,
  enterTo,
}: AcceptInvitationFlowProps) {
  const token = useLinkToken();
  const link = useInspectLink(token);
  const accept = useAcceptInvitation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const linkDead =
    !token ||
    link.isError ||
    (link.data && (link.data.kind !== kind || (portalSlug !== undefined && link.data.portalSlug !== portalSlug))) ||
    (isApiError(accept.error) && accept.error.status === 404);

  if (linkDead) {
    return (
      <Shell title={title}>
        <InvalidLink title={invalidTitle}>{invalidMessage}</InvalidLink>
      </Shell>
    );
  }

  if (link.isPending) {
    return (
      <Shell title={title}>
        <LoadingState label="Checking your invitation…" />
      </Shell>
    );
  }

  return (
    <Shell title={formTitle(link.data.firmName)} subtitle={formSubtitle}>
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
                await queryClient.invalidateQueries({ queryKey: sessionKey });
                void navigate(enterTo, { replace: true });
              },
            },
          )
        }
      />
    </Shell>
  );
}
