import { PageHeader } from '../../components/PageHeader';
import { ProfileSections } from '../../features/profile/components/ProfileSections';
import { staffSessionKey } from '../../features/staff-auth/api/keys';
import { useDocumentTitle } from '../../lib/use-document-title';

/** The signed-in staff member's own profile. */
export function ProfilePage() {
  useDocumentTitle('Profile', 'Ledger Loom');
  return (
    <div className="stack-lg">
      <PageHeader title="Profile" />
      <ProfileSections scope={{ apiBase: '/api/staff', sessionKey: staffSessionKey }} />
    </div>
  );
}
