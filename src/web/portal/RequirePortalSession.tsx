import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, LoadingState } from '../components/States';
import { portalSessionKey } from '../features/portal-auth/api/keys';
import { usePortalLogout } from '../features/portal-auth/api/use-portal-logout';
import { usePortalSession } from '../features/portal-auth/api/use-portal-session';
import { ForcedEnrolment } from '../features/two-factor/components/ForcedEnrolment';
import { PortalSessionContext, usePortal } from './portal-context';

export function RequirePortalSession({ children }: { children: ReactNode }) {
  const { slug, branding } = usePortal();
  const session = usePortalSession(slug);
  const logout = usePortalLogout(slug);
  const location = useLocation();
  if (session.isPending) return <LoadingState label="Loading your portal…" />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  if (session.data.twoFactorEnrolmentRequired) {
    return <ForcedEnrolment scope={{ apiBase: `/api/portal/${slug}`, sessionKey: portalSessionKey(slug) }} onSignOut={() => logout.mutate()} product={branding.displayName} />;
  }
  return <PortalSessionContext.Provider value={session.data}>{children}</PortalSessionContext.Provider>;
}
