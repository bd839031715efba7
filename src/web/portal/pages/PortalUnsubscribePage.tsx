import { Unsubscribe } from '../../features/profile/components/Unsubscribe';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

/** An e-mail's "Stop these e-mails" link, for portal e-mails (no session needed). */
export function PortalUnsubscribePage() {
  const { branding } = usePortal();
  useDocumentTitle('Stop these emails', branding.displayName);
  return (
    <PortalAuthShell title="Stop these emails">
      <Unsubscribe profilePath="/profile" />
    </PortalAuthShell>
  );
}
