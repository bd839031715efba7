import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PrivacyPolicy, SecurityPage } from '../../features/legal/components/LegalContent';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalFooter } from '../PortalFooter';
import { usePortal } from '../portal-context';

/** Public portal pages (no sign-in): the firm's branding above Ledger Loom's policy, then the support footer. */
function PortalLegalShell({ children }: { children: ReactNode }) {
  const { branding } = usePortal();
  return (
    <div className="legal-page">
      <header className="legal-topbar">
        <div className="legal-topbar-inner">
          <span className="legal-topbar-brand">
            {branding.logoUrl ? <img className="legal-topbar-logo" src={branding.logoUrl} alt="" /> : null}
            <span>{branding.displayName}</span>
          </span>
          <Link to="/">Back to the client portal</Link>
        </div>
      </header>
      <main id="main" className="legal-main">
        {children}
      </main>
      <PortalFooter />
    </div>
  );
}

export function PortalPrivacyPage() {
  const { branding } = usePortal();
  useDocumentTitle('Privacy Policy', branding.displayName);
  return (
    <PortalLegalShell>
      <PrivacyPolicy firmName={branding.displayName} privacyPath="/privacy" securityPath="/security" />
    </PortalLegalShell>
  );
}

export function PortalSecurityPage() {
  const { branding } = usePortal();
  useDocumentTitle('Security', branding.displayName);
  return (
    <PortalLegalShell>
      <SecurityPage firmName={branding.displayName} privacyPath="/privacy" securityPath="/security" />
    </PortalLegalShell>
  );
}
