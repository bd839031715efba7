import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { type LoginBody, loginBodySchema } from '../../../../contracts/auth';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';

const LABELS = { email: 'Email', password: 'Password' };

export interface SignInFormProps {
  onSubmit: (body: LoginBody) => void;
  isPending: boolean;
  /** The last failed sign-in: a wrong password shows the server's message. */
  error: unknown;
  forgotPasswordTo: string;
  forgotPasswordLabel: string;
}

/** Email, password, Sign in and the forgotten-password link, for staff and portal sign-in alike. */
export function SignInForm({ onSubmit, isPending, error, forgotPasswordTo, forgotPasswordLabel }: SignInFormProps) {
  const form = useForm({ email: '', password: '' }, LABELS, error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(loginBodySchema, form.values)) return;
    onSubmit({ email: form.values.email.trim(), password: form.values.password });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Sign in">
      <FormErrorSummary {...form.summaryProps} title="Please check your details" />
      <TextField {...form.field('email')} label="Email" type="email" autoComplete="username" isRequired autoFocus />
      <TextField {...form.field('password')} label="Password" type="password" autoComplete="current-password" isRequired />
      <Button type="submit" variant="primary" isPending={isPending} className="btn-block">
        Sign in
      </Button>
      <p className="form-footnote">
        <Link to={forgotPasswordTo}>{forgotPasswordLabel}</Link>
      </p>
    </form>
  );
}
