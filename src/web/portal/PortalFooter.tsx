import { Link } from 'react-router';
import { formatPhone } from '../lib/format';
import { usePortal } from './portal-context';

/** Who to ask: the firm for their accounting questions, Ledger Loom for technical problems. */
export function PortalFooter() {
  const { branding } = usePortal();
  const phone = branding.supportPhone ? formatPhone(branding.supportPhone) : null;
  const tel = branding.supportPhone?.replace(/[^+\d]/g, '');
  return (
    <footer className="portal-footer">
      {branding.supportEmail || phone ? (
        <p>
          Questions for {branding.displayName}?{' '}
          {branding.supportEmail ? (
            <>
              Email <a href={`mailto:${branding.supportEmail}`}>{branding.supportEmail}</a>
            </>
          ) : null}
          {branding.supportEmail && phone ? ' or call ' : phone ? 'Call ' : null}
          {phone ? <a href={`tel:${tel ?? ''}`}>{phone}</a> : null}
          {'.'}
        </p>
      ) : null}
      <p>
        Technical issues with the portal? Contact Ledger Loom support at{' '}
        <a href="mailto:hello@ledgerloom.com.au">hello@ledgerloom.com.au</a>
      </p>
      <p className="portal-footer-links">
        <Link to="/privacy">Privacy Policy</Link>
        <Link to="/security">Security</Link>
      </p>
      <p className="portal-footer-legal">
        {branding.legalName}
        {branding.abn ? ` · ABN ${branding.abn.replace(/^(\d{2})(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4')}` : ''}
      </p>
    </footer>
  );
}
