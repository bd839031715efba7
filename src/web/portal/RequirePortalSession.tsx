import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, LoadingState } from '../components/States';
import { usePortalSession } from '../features/portal-auth/api/use-portal-session';
import { PortalSessionContext, usePortal } from './portal-context';

export function RequirePortalSession({ children }: { children: ReactNode }) {
  const { slug } = usePortal();
  const session = usePortalSession(slug);
  const location = useLocation();
  if (session.isPending) return <LoadingState label="Loading your portal…" />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <PortalSessionContext.Provider value={session.data}>{children}</PortalSessionContext.Provider>;
}
