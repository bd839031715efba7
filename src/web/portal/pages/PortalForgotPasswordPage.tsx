import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { forgotPasswordBodySchema } from '../../../contracts/auth';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { TextField } from '../../components/TextField';
import { usePortalForgotPassword } from '../../features/portal-auth/api/use-portal-forgot-password';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useForm } from '../../lib/use-form';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

const LABELS = { email: 'Email' };

/** The confirmation never says whether the address has an account (the server answers the same too). */
const CONFIRMATION =
  "If an account exists for that email address, we've sent it a link to reset your password. Check your inbox (and junk folder); the link works for 1 hour.";

export function PortalForgotPasswordPage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Forgot Password', branding.displayName);
  const request = usePortalForgotPassword(slug);
  const form = useForm({ email: '' }, LABELS, request.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(forgotPasswordBodySchema, form.values)) return;
    request.mutate({ email: form.values.email.trim() });
  };

  return (
    <PortalAuthShell title="Forgot Password" subtitle="Enter the email address you use for the portal and we'll send you a link to set a new password.">
      {request.isSuccess ? (
        <div className="stack">
          <Alert tone="success" title="Check your email">
            {CONFIRMATION}
          </Alert>
          <p className="form-footnote">
            <Link to="/login">Back to sign in</Link>
          </p>
        </div>
      ) : (
        <form className="form" noValidate onSubmit={submit}>
          <FormErrorSummary {...form.summaryProps} />
          <TextField {...form.field('email')} label="Email" type="email" autoComplete="username" isRequired autoFocus />
          <Button type="submit" variant="primary" isPending={request.isPending} className="btn-block">
            Send reset link
          </Button>
          <p className="form-footnote">
            <Link to="/login">Back to sign in</Link>
          </p>
        </form>
      )}
    </PortalAuthShell>
  );
}
