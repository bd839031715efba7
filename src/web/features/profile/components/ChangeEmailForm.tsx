import type { FormEvent } from 'react';
import { changeEmailBodySchema, type Profile } from '../../../../contracts/profile';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import type { ProfileScope } from '../api/keys';
import { useChangeEmail } from '../api/use-change-email';

const LABELS = { newEmail: 'New email address', currentPassword: 'Current password' };
const EMPTY = { newEmail: '', currentPassword: '' };

/** Asks for the change; it happens only when the link sent to the new address is opened. */
export function ChangeEmailForm({ scope, profile }: { scope: ProfileScope; profile: Profile }) {
  const change = useChangeEmail(scope);
  const toast = useToast();
  const form = useForm(EMPTY, LABELS, change.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(changeEmailBodySchema, form.values)) return;
    change.mutate(form.values, {
      onSuccess: (reply) => {
        form.reset(EMPTY);
        toast.show(reply.message, 'success');
      },
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Change email">
      {profile.pendingEmail ? (
        <Alert tone="info" title="Waiting for confirmation">
          We sent a link to {profile.pendingEmail}. Your email address changes when you open it; until then we keep using {profile.email}.
        </Alert>
      ) : null}
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('newEmail')} label="New email address" type="email" autoComplete="email" isRequired />
      <TextField
        {...form.field('currentPassword')}
        label="Current password"
        type="password"
        autoComplete="current-password"
        isRequired
        description="For your security, confirm it’s you."
      />
      <div>
        <Button type="submit" variant="primary" isPending={change.isPending}>
          Send confirmation link
        </Button>
      </div>
    </form>
  );
}
