import { Card } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

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
