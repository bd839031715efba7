import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PrivacyPolicy, SecurityPage } from '../../features/legal/components/LegalContent';
import { useDocumentTitle } from '../../lib/use-document-title';

/** The staff app's public Privacy Policy and Security pages (no sign-in). */
function StaffLegalShell({ children }: { children: ReactNode }) {
  return (
    <div className="legal-page">
      <header className="legal-topbar">
        <div className="legal-topbar-inner">
          <span className="legal-topbar-brand">
            <span className="staff-logo" aria-hidden="true">
              L
            </span>
            <span>Ledger Loom</span>
          </span>
          <Link to="/app">Go to Ledger Loom</Link>
        </div>
      </header>
      <main id="main" className="legal-main">
        {children}
      </main>
      <footer className="auth-help legal-links">
        <Link to="/app/privacy">Privacy Policy</Link>
        <Link to="/app/security">Security</Link>
        <span>
          Questions? <a href="mailto:hello@ledgerloom.com.au">hello@ledgerloom.com.au</a>
        </span>
      </footer>
    </div>
  );
}

export function StaffPrivacyPage() {
  useDocumentTitle('Privacy Policy', 'Ledger Loom');
  return (
    <StaffLegalShell>
      <PrivacyPolicy privacyPath="/app/privacy" securityPath="/app/security" />
    </StaffLegalShell>
  );
}

export function StaffSecurityPage() {
  useDocumentTitle('Security', 'Ledger Loom');
  return (
    <StaffLegalShell>
      <SecurityPage privacyPath="/app/privacy" securityPath="/app/security" />
    </StaffLegalShell>
  );
}
