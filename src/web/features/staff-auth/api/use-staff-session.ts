import { useQuery } from '@tanstack/react-query';
import { type StaffSessionReply, staffSessionReplySchema } from '../../../../contracts/auth';
import { apiRequest, isApiError, setCsrfToken } from '../../../lib/api-client';
import { staffSessionKey } from './keys';

async function fetchStaffSession(): Promise<StaffSessionReply | null> {
  try {
    const session = await apiRequest('/api/staff/session', { schema: staffSessionReplySchema, sessionRequired: false });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in staff member and firm, or null when nobody is signed in. */
export function useStaffSession() {
  return useQuery({ queryKey: staffSessionKey, queryFn: fetchStaffSession, staleTime: 5 * 60_000, retry: 1 });
}
