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
import { AuthShell } from '../AuthShell';

export function ResetPasswordPage() {
  useDocumentTitle('Set a new password', 'Ledger Loom');
  const token = useLinkToken();
  const link = useInspectLink(token);
  const complete = useCompletePasswordReset();

  const linkDead =
    !token ||
    link.isError ||
    (link.data && link.data.kind !== 'password_reset') ||
    (isApiError(complete.error) && complete.error.status === 404);

  if (complete.isSuccess) {
    return (
      <AuthShell title="Password changed">
        <div className="stack">
          <Alert tone="success" title="Your password has been changed">
            For your security, you have been signed out everywhere. Sign in with your new password.
          </Alert>
          <ButtonLink to="/app/login" variant="primary" className="btn-block">
            Sign in
          </ButtonLink>
        </div>
      </AuthShell>
    );
  }

  if (linkDead) {
    return (
      <AuthShell title="Set a new password">
        <div className="stack">
          <InvalidLink>
            This password reset link has expired, has already been used or is not valid. Request a new one and use the
            latest email we send you.
          </InvalidLink>
          <ButtonLink to="/app/forgot-password" variant="primary" className="btn-block">
            Request a new link
          </ButtonLink>
        </div>
      </AuthShell>
    );
  }

  if (link.isPending) {
    return (
      <AuthShell title="Set a new password">
        <LoadingState label="Checking your link…" />
      </AuthShell>
    );
  }

  return (
    <AuthShell title="Set a new password" subtitle={<>For {link.data.email}</>}>
      <SetPasswordForm
        submitLabel="Set new password"
        isPending={complete.isPending}
        error={complete.error}
        onSubmit={({ password }) => complete.mutate({ token, password })}
        footer={
          <p className="form-footnote">
            <Link to="/app/login">Back to sign in</Link>
          </p>
        }
      />
    </AuthShell>
  );
}
