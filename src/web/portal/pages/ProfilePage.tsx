import { ProfileSections } from '../../features/profile/components/ProfileSections';
import { portalSessionKey } from '../../features/portal-auth/api/keys';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal } from '../portal-context';

/** "Your Profile" in the client guide: contact details, password, email and notification preferences. */
export function ProfilePage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Profile', branding.displayName);
  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <h1>Profile</h1>
      </header>
      <ProfileSections scope={{ apiBase: `/api/portal/${encodeURIComponent(slug)}`, sessionKey: portalSessionKey(slug) }} />
    </div>
  );
}
