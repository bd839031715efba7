import { ConfirmEmailChange } from '../../features/profile/components/ConfirmEmailChange';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

export function PortalConfirmEmailPage() {
  const { branding } = usePortal();
  useDocumentTitle('Confirm your new email address', branding.displayName);
  return (
    <PortalAuthShell title="Confirm your new email address">
      <ConfirmEmailChange continueTo="/profile" />
    </PortalAuthShell>
  );
}
