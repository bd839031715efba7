import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The signed-out staff pages: a centred card under the Ledger Loom name. */
export function AuthShell({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <div className="auth-page">
      <main className="auth-main" id="main">
        <div className="auth-brand">
          <span className="staff-logo" aria-hidden="true">
            L
          </span>
          <span className="staff-product">Ledger Loom</span>
        </div>
        <div className="auth-card">
          <h1 className="auth-title">{title}</h1>
          {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
          {children}
        </div>
        <p className="auth-help">
          Trouble signing in? Contact Ledger Loom support at{' '}
          <a href="mailto:hello@ledgerloom.com.au">hello@ledgerloom.com.au</a>
        </p>
        <p className="auth-help auth-links">
          <Link to="/app/privacy">Privacy Policy</Link>
          <Link to="/app/security">Security</Link>
        </p>
      </main>
    </div>
  );
}
