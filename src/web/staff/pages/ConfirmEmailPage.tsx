import { ConfirmEmailChange } from '../../features/profile/components/ConfirmEmailChange';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthShell } from '../AuthShell';

export function ConfirmEmailPage() {
  useDocumentTitle('Confirm your new email address', 'Ledger Loom');
  return (
    <AuthShell title="Confirm your new email address">
      <ConfirmEmailChange continueTo="/app/profile" />
    </AuthShell>
  );
}
