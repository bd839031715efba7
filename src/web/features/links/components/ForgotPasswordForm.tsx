import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import { type ForgotPasswordBody, forgotPasswordBodySchema } from '../../../../contracts/auth';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';

const LABELS = { email: 'Email' };

export interface ForgotPasswordFormProps {
  onSubmit: (body: ForgotPasswordBody) => void;
  isPending: boolean;
  /** The last failed request (field errors land on the field). */
  error: unknown;
  /** The request went through: show `confirmation` instead of the form. */
  isSent: boolean;
  confirmation: ReactNode;
  signInTo: string;
}

/** The email to send a password reset link to, then the "Check your email" confirmation. */
export function ForgotPasswordForm({ onSubmit, isPending, error, isSent, confirmation, signInTo }: ForgotPasswordFormProps) {
  const form = useForm({ email: '' }, LABELS, error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(forgotPasswordBodySchema, form.values)) return;
    onSubmit({ email: form.values.email.trim() });
  };

  const backToSignIn = (
    <p className="form-footnote">
      <Link to={signInTo}>Back to sign in</Link>
    </p>
  );

  return isSent ? (
    <div className="stack">
      <Alert tone="success" title="Check your email">
        {confirmation}
      </Alert>
      {backToSignIn}
    </div>
  ) : (
    <form className="form" noValidate onSubmit={submit}>
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('email')} label="Email" type="email" autoComplete="username" isRequired autoFocus />
      <Button type="submit" variant="primary" isPending={isPending} className="btn-block">
        Send reset link
      </Button>
      {backToSignIn}
    </form>
  );
}
