import { type FormEvent, useState } from 'react';
import type { NotificationChannel, NotificationPreferences } from '../../../../contracts/profile';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { RadioGroup } from '../../../components/RadioGroup';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import type { ProfileScope } from '../api/keys';
import { useUpdateNotificationPreferences } from '../api/use-update-notification-preferences';

const OPTIONS = [
  { id: 'immediately', label: 'Immediately' },
  { id: 'daily', label: 'Daily digest' },
  { id: 'off', label: 'Off' },
];

/** One choice per e-mail. Security e-mails are not listed: they always arrive. */
export function NotificationPreferencesForm({ scope, preferences }: { scope: ProfileScope; preferences: NotificationPreferences }) {
  const update = useUpdateNotificationPreferences(scope);
  const toast = useToast();
  const [choices, setChoices] = useState<Record<string, NotificationChannel>>(() => Object.fromEntries(preferences.items.map((i) => [i.event, i.channel])));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const items = preferences.items.map((i) => ({ event: i.event, channel: choices[i.event] ?? i.channel }));
    update.mutate({ items }, { onSuccess: () => toast.show('Your notification preferences have been saved.', 'success') });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Notification preferences">
      <p className="cell-secondary">
        Choose which emails you receive. With Daily digest, they come together in one email each morning at about 7:00 instead. Emails about
        your account’s security — a changed password or email address — are always sent at once.
      </p>
      {update.isError ? (
        <Alert tone="error" title="Your choices were not saved">
          {errorMessage(update.error)}
        </Alert>
      ) : null}
      {preferences.items.map((item) => (
        <RadioGroup
          key={item.event}
          label={item.label}
          orientation="horizontal"
          options={OPTIONS}
          value={choices[item.event] ?? item.channel}
          onChange={(value) => setChoices((c) => ({ ...c, [item.event]: value === 'off' || value === 'daily' ? value : 'immediately' }))}
        />
      ))}
      <div>
        <Button type="submit" variant="primary" isPending={update.isPending}>
          Save notification preferences
        </Button>
      </div>
    </form>
  );
}
