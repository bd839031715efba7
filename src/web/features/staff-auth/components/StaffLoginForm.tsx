import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { loginBodySchema } from '../../../../contracts/auth';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';
import { useStaffLogin } from '../api/use-staff-login';
import type { StaffSessionReply } from '../../../../contracts/auth';

const LABELS = { email: 'Email', password: 'Password' };

/** Email + password. A wrong password shows the server's message ("Email or password is incorrect."). */
export function StaffLoginForm({ onSignedIn, forgotPasswordTo }: { onSignedIn: (session: StaffSessionReply) => void; forgotPasswordTo: string }) {
  const login = useStaffLogin();
  const form = useForm({ email: '', password: '' }, LABELS, login.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(loginBodySchema, form.values)) return;
    login.mutate({ email: form.values.email.trim(), password: form.values.password }, { onSuccess: onSignedIn });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Sign in">
      <FormErrorSummary {...form.summaryProps} title="Please check your details" />
      <TextField {...form.field('email')} label="Email" type="email" autoComplete="username" isRequired autoFocus />
      <TextField {...form.field('password')} label="Password" type="password" autoComplete="current-password" isRequired />
      <Button type="submit" variant="primary" isPending={login.isPending} className="btn-block">
        Sign in
      </Button>
      <p className="form-footnote">
        <Link to={forgotPasswordTo}>Forgot your password?</Link>
      </p>
    </form>
  );
}
