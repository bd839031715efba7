import type { FormEvent } from 'react';
import { z } from 'zod';
import { changePasswordBodySchema } from '../../../../contracts/profile';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import type { ProfileScope } from '../api/keys';
import { useChangePassword } from '../api/use-change-password';

const LABELS = { currentPassword: 'Current password', newPassword: 'New password', confirm: 'Confirm new password' };
const EMPTY = { currentPassword: '', newPassword: '', confirm: '' };

/** Current + new password. Other devices are signed out; this one stays signed in. */
export function ChangePasswordForm({ scope }: { scope: ProfileScope }) {
  const change = useChangePassword(scope);
  const toast = useToast();
  const form = useForm(EMPTY, LABELS, change.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const schema = changePasswordBodySchema
      .extend({ confirm: z.string() })
      .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: "Passwords don't match. Type the same new password in both boxes." });
    if (!form.validate(schema, form.values)) return;
    change.mutate(
      { currentPassword: form.values.currentPassword, newPassword: form.values.newPassword },
      {
        onSuccess: () => {
          form.reset(EMPTY);
          toast.show('Your password has been changed. Any other devices have been signed out.', 'success');
        },
      },
    );
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Change password">
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('currentPassword')} label="Current password" type="password" autoComplete="current-password" isRequired />
      <TextField
        {...form.field('newPassword')}
        label="New password"
        type="password"
        autoComplete="new-password"
        isRequired
        description="At least 8 characters. A longer passphrase (15 or more) is stronger."
      />
      <TextField {...form.field('confirm')} label="Confirm new password" type="password" autoComplete="new-password" isRequired />
      <div>
        <Button type="submit" variant="primary" isPending={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
