import { ResetPasswordFlow } from '../../features/links/components/ResetPasswordFlow';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthShell } from '../AuthShell';

export function ResetPasswordPage() {
  useDocumentTitle('Set a new password', 'Ledger Loom');
  return (
    <ResetPasswordFlow
      Shell={AuthShell}
      successMessage="For your security, you have been signed out everywhere. Sign in with your new password."
      signInTo="/app/login"
      forgotPasswordTo="/app/forgot-password"
    />
  );
}
