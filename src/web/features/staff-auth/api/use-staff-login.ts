import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type LoginBody, staffSessionReplySchema } from '../../../../contracts/auth';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { staffSessionKey } from './keys';

export function useStaffLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) =>
      apiRequest('/api/staff/auth/login', { method: 'POST', body, schema: staffSessionReplySchema, sessionRequired: false }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(staffSessionKey, session);
    },
  });
}
