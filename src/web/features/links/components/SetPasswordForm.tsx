import type { FormEvent, ReactNode } from 'react';
import { z } from 'zod';
import { nameSchema, passwordSchema } from '../../../../contracts/common';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';

const LABELS = { name: 'Your name', password: 'New password', confirm: 'Confirm password' };
const MISMATCH = "Passwords don't match. Type the same password in both boxes.";

export interface SetPasswordValues {
  name: string;
  password: string;
}

export interface SetPasswordFormProps {
  /** Shown read-only: the account the link belongs to. */
  email?: string | undefined;
  /** Ask for the person's name (invitations); prefilled with what the inviter typed. */
  askName?: boolean;
  initialName?: string;
  submitLabel: string;
  onSubmit: (values: SetPasswordValues) => void;
  isPending: boolean;
  /** The last failed submit (field errors land on the fields, e.g. a too-common password). */
  error: unknown;
  footer?: ReactNode;
}

/** New password + confirmation (and the name, for invitations), checked with the server's rules. */
export function SetPasswordForm({ email, askName, initialName = '', submitLabel, onSubmit, isPending, error, footer }: SetPasswordFormProps) {
  const form = useForm({ name: initialName, password: '', confirm: '' }, LABELS, error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const schema = z
      .object({ name: askName ? nameSchema : z.string(), password: passwordSchema, confirm: z.string() })
      .refine((v) => v.password === v.confirm, { path: ['confirm'], message: MISMATCH });
    if (!form.validate(schema, form.values)) return;
    onSubmit({ name: form.values.name.trim(), password: form.values.password });
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      <FormErrorSummary {...form.summaryProps} />
      {email ? <TextField label="Email" value={email} isReadOnly type="email" description="This is the address your invitation was sent to." /> : null}
      {askName ? <TextField {...form.field('name')} label="Your name" autoComplete="name" isRequired /> : null}
      <TextField
        {...form.field('password')}
        label="New password"
        type="password"
        autoComplete="new-password"
        isRequired
        description="At least 8 characters. A longer passphrase (15 or more) is stronger."
      />
      <TextField {...form.field('confirm')} label="Confirm password" type="password" autoComplete="new-password" isRequired />
      <Button type="submit" variant="primary" isPending={isPending} className="btn-block">
        {submitLabel}
      </Button>
      {footer}
    </form>
  );
}
