import { ResetPasswordFlow } from '../../features/links/components/ResetPasswordFlow';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

export function PortalResetPasswordPage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Set a new password', branding.displayName);
  return (
    <ResetPasswordFlow
      Shell={PortalAuthShell}
      portalSlug={slug}
      successMessage="Sign in with your new password."
      signInTo="/login"
      forgotPasswordTo="/forgot-password"
    />
  );
}
