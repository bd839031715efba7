import { ForgotPasswordForm } from '../../features/links/components/ForgotPasswordForm';
import { usePortalForgotPassword } from '../../features/portal-auth/api/use-portal-forgot-password';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

/** The confirmation never says whether the address has an account (the server answers the same too). */
const CONFIRMATION =
  "If an account exists for that email address, we've sent it a link to reset your password. Check your inbox (and junk folder); the link works for 1 hour.";

export function PortalForgotPasswordPage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Forgot Password', branding.displayName);
  const request = usePortalForgotPassword(slug);

  return (
    <PortalAuthShell title="Forgot Password" subtitle="Enter the email address you use for the portal and we'll send you a link to set a new password.">
      <ForgotPasswordForm
        onSubmit={(body) => request.mutate(body)}
        isPending={request.isPending}
        error={request.error}
        isSent={request.isSuccess}
        confirmation={CONFIRMATION}
        signInTo="/login"
      />
    </PortalAuthShell>
  );
}
