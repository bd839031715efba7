import { Navigate, useLocation, useNavigate } from 'react-router';
import { LoadingState } from '../../components/States';
import { SignInForm } from '../../features/links/components/SignInForm';
import { useStaffLogin } from '../../features/staff-auth/api/use-staff-login';
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
  const navigate = useNavigate();
  const location = useLocation();
  const target = returnPath(location.state);

  if (session.isPending) return <LoadingState />;
  if (session.data) return <Navigate to={target} replace />;

  return (
    <AuthShell title="Sign in to Ledger Loom" subtitle="The workspace for your practice.">
      {/* A wrong password shows the server's message ("Email or password is incorrect."). */}
      <SignInForm
        onSubmit={(body) => login.mutate(body, { onSuccess: () => void navigate(target, { replace: true }) })}
        isPending={login.isPending}
        error={login.error}
        forgotPasswordTo="/app/forgot-password"
        forgotPasswordLabel="Forgot your password?"
      />
    </AuthShell>
  );
}
