import { ForgotPasswordForm } from '../../features/links/components/ForgotPasswordForm';
import { useStaffForgotPassword } from '../../features/staff-auth/api/use-staff-forgot-password';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthShell } from '../AuthShell';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password', 'Ledger Loom');
  const request = useStaffForgotPassword();

  return (
    <AuthShell title="Reset your password" subtitle="Enter the email address you sign in with and we'll send you a link to set a new password.">
      <ForgotPasswordForm
        onSubmit={(body) => request.mutate(body)}
        isPending={request.isPending}
        error={request.error}
        isSent={request.isSuccess}
        confirmation={request.data?.message}
        signInTo="/app/login"
      />
    </AuthShell>
  );
}
