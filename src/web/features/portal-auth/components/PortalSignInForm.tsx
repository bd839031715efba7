import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { loginBodySchema, type PortalSessionReply } from '../../../../contracts/auth';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';
import { usePortalLogin } from '../api/use-portal-login';

const LABELS = { email: 'Email', password: 'Password' };

/** Email, password, Sign in and the "Forgot Password" link. A wrong password shows the server's message. */
export function PortalSignInForm({ slug, onSignedIn }: { slug: string; onSignedIn: (session: PortalSessionReply) => void }) {
  const login = usePortalLogin(slug);
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
        <Link to="/forgot-password">Forgot Password</Link>
      </p>
    </form>
  );
}

/**
 * The same form, inert, for the Settings preview: it shows the layout and colours without fields
 * that could be typed into or submitted.
 */
export function PortalSignInFormPreview() {
  return (
    <div className="form" inert>
      <TextField label="Email" type="email" value="" isReadOnly placeholder="you@example.com.au" />
      <TextField label="Password" type="password" value="" isReadOnly />
      <Button variant="primary" className="btn-block">
        Sign in
      </Button>
      <p className="form-footnote">
        <span className="preview-link">Forgot Password</span>
      </p>
    </div>
  );
}
