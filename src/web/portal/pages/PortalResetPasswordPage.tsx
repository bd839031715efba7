import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { ButtonLink } from '../../components/Button';
import { LoadingState } from '../../components/States';
import { useCompletePasswordReset } from '../../features/links/api/use-complete-password-reset';
import { useInspectLink } from '../../features/links/api/use-inspect-link';
import { InvalidLink } from '../../features/links/components/InvalidLink';
import { SetPasswordForm } from '../../features/links/components/SetPasswordForm';
import { isApiError } from '../../lib/api-client';
import { useLinkToken } from '../../lib/link-token';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

export function PortalResetPasswordPage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Set a new password', branding.displayName);
  const token = useLinkToken();
  const link = useInspectLink(token);
  const complete = useCompletePasswordReset();

  const linkDead =
    !token ||
    link.isError ||
    (link.data && (link.data.kind !== 'password_reset' || link.data.portalSlug !== slug)) ||
    (isApiError(complete.error) && complete.error.status === 404);

  if (complete.isSuccess) {
    return (
      <PortalAuthShell title="Password changed">
        <div className="stack">
          <Alert tone="success" title="Your password has been changed">
            Sign in with your new password.
          </Alert>
          <ButtonLink to="/login" variant="primary" className="btn-block">
            Sign in
          </ButtonLink>
        </div>
      </PortalAuthShell>
    );
  }

  if (linkDead) {
    return (
      <PortalAuthShell title="Set a new password">
        <div className="stack">
          <InvalidLink>
            This password reset link has expired, has already been used or is not valid. Request a new one and use the
            latest email we send you.
          </InvalidLink>
          <ButtonLink to="/forgot-password" variant="primary" className="btn-block">
            Request a new link
          </ButtonLink>
        </div>
      </PortalAuthShell>
    );
  }

  if (link.isPending) {
    return (
      <PortalAuthShell title="Set a new password">
        <LoadingState label="Checking your link…" />
      </PortalAuthShell>
    );
  }

  return (
    <PortalAuthShell title="Set a new password" subtitle={<>For {link.data.email}</>}>
      <SetPasswordForm
        submitLabel="Set new password"
        isPending={complete.isPending}
        error={complete.error}
        onSubmit={({ password }) => complete.mutate({ token, password })}
        footer={
          <p className="form-footnote">
            <Link to="/login">Back to sign in</Link>
          </p>
        }
      />
    </PortalAuthShell>
  );
}
