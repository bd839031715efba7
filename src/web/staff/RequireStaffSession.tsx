import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, LoadingState } from '../components/States';
import { staffSessionKey } from '../features/staff-auth/api/keys';
import { useStaffLogout } from '../features/staff-auth/api/use-staff-logout';
import { useStaffSession } from '../features/staff-auth/api/use-staff-session';
import { ForcedEnrolment } from '../features/two-factor/components/ForcedEnrolment';
import { TimeZoneProvider } from '../lib/time-zone';
import { StaffSessionContext } from './session-context';

/** Signed-out visitors go to sign in, and come back here afterwards. */
export function RequireStaffSession({ children }: { children: ReactNode }) {
  const session = useStaffSession();
  const logout = useStaffLogout();
  const location = useLocation();
  if (session.isPending) return <LoadingState label="Loading your workspace…" />;
  if (session.isError) {
    return (
      <div className="auth-page">
        <ErrorState error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (!session.data) {
    return <Navigate to="/app/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (session.data.twoFactorEnrolmentRequired) {
    return <ForcedEnrolment scope={{ apiBase: '/api/staff', sessionKey: staffSessionKey }} onSignOut={() => logout.mutate()} product="Ledger Loom" />;
  }
  return (
    <StaffSessionContext.Provider value={session.data}>
      <TimeZoneProvider timeZone={session.data.firm.timeZone}>{children}</TimeZoneProvider>
    </StaffSessionContext.Provider>
  );
}
