import { Card } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/States';
import type { ProfileScope } from '../api/keys';
import { useNotificationPreferences } from '../api/use-notification-preferences';
import { useProfile } from '../api/use-profile';
import { ChangeEmailForm } from './ChangeEmailForm';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ContactDetailsForm } from './ContactDetailsForm';
import { NotificationPreferencesForm } from './NotificationPreferencesForm';
import { TwoFactorSection } from '../../two-factor/components/TwoFactorSection';
import { SessionsSection } from './SessionsSection';

/** The Profile page's sections, the same for staff and portal users. */
export function ProfileSections({ scope }: { scope: ProfileScope }) {
  const profile = useProfile(scope);
  const preferences = useNotificationPreferences(scope);

  if (profile.isPending) return <LoadingState label="Loading your profile…" />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;

  return (
    <>
      <Card title="Contact details">
        <ContactDetailsForm scope={scope} profile={profile.data} />
      </Card>
      <Card title="Change password">
        <ChangePasswordForm scope={scope} />
      </Card>
      <Card title="Two-factor sign-in">
        <TwoFactorSection scope={scope} />
      </Card>
      <Card title="Change email">
        <ChangeEmailForm scope={scope} profile={profile.data} />
      </Card>
      <Card title="Notification preferences">
        {preferences.isPending ? (
          <LoadingState label="Loading your notification preferences…" />
        ) : preferences.isError ? (
          <ErrorState error={preferences.error} onRetry={() => void preferences.refetch()} />
        ) : (
          <NotificationPreferencesForm scope={scope} preferences={preferences.data} />
        )}
      </Card>
      <Card title="Where you’re signed in">
        <SessionsSection scope={scope} />
      </Card>
    </>
  );
}
