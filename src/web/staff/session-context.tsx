import { createContext, useContext } from 'react';
import type { StaffSessionReply } from '../../contracts/auth';

export const StaffSessionContext = createContext<StaffSessionReply | null>(null);

/** The signed-in staff member; only inside <RequireStaffSession>. */
export function useSignedInStaff(): StaffSessionReply {
  const session = useContext(StaffSessionContext);
  if (!session) throw new Error('useSignedInStaff must be used inside <RequireStaffSession>');
  return session;
}

/** Owners and admins manage the team, firm settings and see the audit log. */
export function canManage(session: StaffSessionReply): boolean {
  return session.user.role === 'owner' || session.user.role === 'admin';
}
