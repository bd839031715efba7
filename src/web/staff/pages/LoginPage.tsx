import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LoadingState } from '../../components/States';
import { SignInForm } from '../../features/links/components/SignInForm';
import { useStaffLogin, useStaffTwoFactorLogin } from '../../features/staff-auth/api/use-staff-login';
import { TwoFactorCodeForm } from '../../features/two-factor/components/TwoFactorCodeForm';
import { useStaffSession } from '../../features/staff-auth/api/use-staff-session';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthShell } from '../AuthShell';

function returnPath(state: unknown): string {
  if (state && typeof state === 'object' && 'from' in state && typeof state.from === 'string' && state.from.startsWith('/app/')) {
    return state.from;
  }
  return '/app/clients';
}

export function LoginPage() {
  useDocumentTitle('Sign in', 'Ledger Loom');
  const session = useStaffSession();
  const login = useStaffLogin();
  const codeStep = useStaffTwoFactorLogin();
  const [pendingToken, setPendingToken] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const target = returnPath(location.state);

  if (session.isPending) return <LoadingState />;
  if (session.data) return <Navigate to={target} replace />;

  if (pendingToken) {
    return (
      <AuthShell title="Two-factor sign-in" subtitle="One more step to keep your practice’s data safe.">
        <TwoFactorCodeForm
          onSubmit={(body) => codeStep.mutate({ pendingToken, ...body }, {
            onSuccess: () => void navigate(target, { replace: true }),
            onError: (e) => { if ((e as { status?: number }).status === 401) setPendingToken(null); },
          })}
          onCancel={() => setPendingToken(null)}
          isPending={codeStep.isPending}
          error={codeStep.error}
        />
      </AuthShell>
    );
  }

  return (
    <AuthShell title="Sign in to Ledger Loom" subtitle="The workspace for your practice.">
      {/* A wrong password shows the server's message ("Email or password is incorrect."). */}
      <SignInForm
        onSubmit={(body) => login.mutate(body, { onSuccess: (r) => ('twoFactorRequired' in r ? setPendingToken(r.pendingToken) : void navigate(target, { replace: true })) })}
        isPending={login.isPending}
        error={login.error}
        forgotPasswordTo="/app/forgot-password"
        forgotPasswordLabel="Forgot your password?"
      />
    </AuthShell>
  );
}
