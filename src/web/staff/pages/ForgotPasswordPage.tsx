import { type FormEvent } from 'react';
import { Link } from 'react-router';
import { forgotPasswordBodySchema } from '../../../contracts/auth';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { FormErrorSummary } from '../../components/FormErrorSummary';
import { TextField } from '../../components/TextField';
import { useStaffForgotPassword } from '../../features/staff-auth/api/use-staff-forgot-password';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useForm } from '../../lib/use-form';
import { AuthShell } from '../AuthShell';

const LABELS = { email: 'Email' };

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password', 'Ledger Loom');
  const request = useStaffForgotPassword();
  const form = useForm({ email: '' }, LABELS, request.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.validate(forgotPasswordBodySchema, form.values)) return;
    request.mutate({ email: form.values.email.trim() });
  };

  return (
    <AuthShell title="Reset your password" subtitle="Enter the email address you sign in with and we'll send you a link to set a new password.">
      {request.isSuccess ? (
        <div className="stack">
          <Alert tone="success" title="Check your email">
            {request.data.message}
          </Alert>
          <p className="form-footnote">
            <Link to="/app/login">Back to sign in</Link>
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
            <Link to="/app/login">Back to sign in</Link>
          </p>
        </form>
      )}
    </AuthShell>
  );
}
