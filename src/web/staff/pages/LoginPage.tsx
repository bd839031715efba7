import { Navigate, useLocation, useNavigate } from 'react-router';
import { LoadingState } from '../../components/States';
import { useStaffSession } from '../../features/staff-auth/api/use-staff-session';
import { StaffLoginForm } from '../../features/staff-auth/components/StaffLoginForm';
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
  const navigate = useNavigate();
  const location = useLocation();
  const target = returnPath(location.state);

  if (session.isPending) return <LoadingState />;
  if (session.data) return <Navigate to={target} replace />;

  return (
    <AuthShell title="Sign in to Ledger Loom" subtitle="The workspace for your practice.">
      <StaffLoginForm forgotPasswordTo="/app/forgot-password" onSignedIn={() => void navigate(target, { replace: true })} />
    </AuthShell>
  );
}
