import type { ReactNode } from 'react';
import { Card } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

/** A section that is not open yet: it says plainly what will be here, and shows no made-up data. */
function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  const { branding } = usePortal();
  useDocumentTitle(title, branding.displayName);
  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <h1>{title}</h1>
      </header>
      <Card>
        <div className="coming-soon">
          <p className="coming-soon-badge">Not available yet</p>
          {children}
        </div>
      </Card>
    </div>
  );
}

export function ProposalsPage() {
  const { branding } = usePortal();
  return (
    <ComingSoon title="Proposals">
      <p>
        Proposals from {branding.displayName} will appear here for you to review, accept or decline, and sign
        electronically.
      </p>
    </ComingSoon>
  );
}

export function ProfilePage() {
  const session = useSignedInClient();
  const { branding } = usePortal();
  useDocumentTitle('Profile', branding.displayName);
  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <h1>Profile</h1>
      </header>
      <Card title="Your account">
        <dl className="details">
          <div>
            <dt>Name</dt>
            <dd>{session.user.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{session.user.email}</dd>
          </div>
          <div>
            <dt>Client</dt>
            <dd>{session.client.name}</dd>
          </div>
        </dl>
      </Card>
      <Card>
        <div className="coming-soon">
          <p className="coming-soon-badge">Not available yet</p>
          <p>
            Here you'll be able to update your contact details, change your password and choose which notifications you
            receive. Until then, to change any of these, contact {branding.displayName}.
          </p>
        </div>
      </Card>
    </div>
  );
}
