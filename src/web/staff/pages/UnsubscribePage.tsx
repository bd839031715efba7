import { Unsubscribe } from '../../features/profile/components/Unsubscribe';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthShell } from '../AuthShell';

/** An e-mail's "Stop these e-mails" link, for staff e-mails (no session needed). */
export function UnsubscribePage() {
  useDocumentTitle('Stop these emails', 'Ledger Loom');
  return (
    <AuthShell title="Stop these emails">
      <Unsubscribe profilePath="/app/profile" />
    </AuthShell>
  );
}
