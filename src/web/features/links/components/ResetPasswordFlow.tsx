import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/Alert';
import { ButtonLink } from '../../../components/Button';
import { LoadingState } from '../../../components/States';
import { isApiError } from '../../../lib/api-client';
import { useLinkToken } from '../../../lib/link-token';
import { useCompletePasswordReset } from '../api/use-complete-password-reset';
import { useInspectLink } from '../api/use-inspect-link';
import type { AuthShellComponent } from './AuthShellType';
import { InvalidLink } from './InvalidLink';
import { SetPasswordForm } from './SetPasswordForm';

export interface ResetPasswordFlowProps {
  Shell: AuthShellComponent;
  /** The portal the link must belong to; left out for staff links. */
  portalSlug?: string;
  /** The body of the "Your password has been changed" message. */
  successMessage: ReactNode;
  signInTo: string;
  forgotPasswordTo: string;
}

/** A password reset link (`…#token=…`): checks the link, then asks for the new password. */
export function ResetPasswordFlow({ Shell, portalSlug, successMessage, signInTo, forgotPasswordTo }: ResetPasswordFlowProps) {
  const token = useLinkToken();
  const link = useInspectLink(token);
  const complete = useCompletePasswordReset();

  const linkDead =
    !token ||
    link.isError ||
    (link.data && (link.data.kind !== 'password_reset' || (portalSlug !== undefined && link.data.portalSlug !== portalSlug))) ||
    (isApiError(complete.error) && complete.error.status === 404);

  if (complete.isSuccess) {
    return (
      <Shell title="Password changed">
        <div className="stack">
          <Alert tone="success" title="Your password has been changed">
            {successMessage}
          </Alert>
          <ButtonLink to={signInTo} variant="primary" className="btn-block">
            Sign in
          </ButtonLink>
        </div>
      </Shell>
    );
  }

  if (linkDead) {
    return (
      <Shell title="Set a new password">
        <div className="stack">
          <InvalidLink>
            This password reset link has expired, has already been used or is not valid. Request a new one and use the
            latest email we send you.
          </InvalidLink>
          <ButtonLink to={forgotPasswordTo} variant="primary" className="btn-block">
            Request a new link
          </ButtonLink>
        </div>
      </Shell>
    );
  }

  if (link.isPending) {
    return (
      <Shell title="Set a new password">
        <LoadingState label="Checking your link…" />
      </Shell>
    );
  }

  return (
    <Shell title="Set a new password" subtitle={<>For {link.data.email}</>}>
      <SetPasswordForm
        submitLabel="Set new password"
        isPending={complete.isPending}
        error={complete.error}
        onSubmit={({ password }) => complete.mutate({ token, password })}
        footer={
          <p className="form-footnote">
            <Link to={signInTo}>Back to sign in</Link>
          </p>
        }
      />
    </Shell>
  );
}
