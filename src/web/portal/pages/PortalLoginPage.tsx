import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LoadingState } from '../../components/States';
import { SignInForm } from '../../features/links/components/SignInForm';
import { usePortalLogin, usePortalTwoFactorLogin } from '../../features/portal-auth/api/use-portal-login';
import { TwoFactorCodeForm } from '../../features/two-factor/components/TwoFactorCodeForm';
import { usePortalSession } from '../../features/portal-auth/api/use-portal-session';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PortalAuthShell } from '../PortalAuthShell';
import { usePortal } from '../portal-context';

function returnPath(state: unknown): string {
  if (state && typeof state === 'object' && 'from' in state && typeof state.from === 'string' && state.from.startsWith('/')) {
    return state.from === '/login' ? '/' : state.from;
  }
  return '/';
}

export function PortalLoginPage() {
  const { slug, branding } = usePortal();
  useDocumentTitle('Sign in', branding.displayName);
  const session = usePortalSession(slug);
  const login = usePortalLogin(slug);
  const codeStep = usePortalTwoFactorLogin(slug);
  const [pendingToken, setPendingToken] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const target = returnPath(location.state);

  if (session.isPending) return <LoadingState />;
  if (session.data) return <Navigate to={target} replace />;

  if (pendingToken) {
    return (
      <PortalAuthShell subtitle="Two-factor sign-in">
        <TwoFactorCodeForm
          onSubmit={(body) => codeStep.mutate({ pendingToken, ...body }, {
            onSuccess: () => void navigate(target, { replace: true }),
            onError: (e) => { if ((e as { status?: number }).status === 401) setPendingToken(null); },
          })}
          onCancel={() => setPendingToken(null)}
          isPending={codeStep.isPending}
          error={codeStep.error}
        />
      </PortalAuthShell>
    );
  }

  return (
    <PortalAuthShell subtitle="Sign in to your client portal">
      <SignInForm
        onSubmit={(body) => login.mutate(body, { onSuccess: (r) => ('twoFactorRequired' in r ? setPendingToken(r.pendingToken) : void navigate(target, { replace: true })) })}
        isPending={login.isPending}
        error={login.error}
        forgotPasswordTo="/forgot-password"
        forgotPasswordLabel="Forgot Password"
      />
    </PortalAuthShell>
  );
}
