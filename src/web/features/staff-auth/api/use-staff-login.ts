import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { type LoginBody, staffSessionReplySchema } from '../../../../contracts/auth';
import { type TwoFactorLoginBody, twoFactorChallengeSchema } from '../../../../contracts/two-factor';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { staffSessionKey } from './keys';

/** Sign-in: a session, or (two-factor on) a challenge whose pending token goes with the code. */
export function useStaffLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) =>
      apiRequest('/api/staff/auth/login', { method: 'POST', body, schema: z.union([twoFactorChallengeSchema, staffSessionReplySchema]), sessionRequired: false }),
    onSuccess: (reply) => {
      if ('twoFactorRequired' in reply) return;
      setCsrfToken(reply.csrfToken);
      queryClient.setQueryData(staffSessionKey, reply);
    },
  });
}

export function useStaffTwoFactorLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TwoFactorLoginBody) =>
      apiRequest('/api/staff/auth/login/two-factor', { method: 'POST', body, schema: staffSessionReplySchema, sessionRequired: false }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(staffSessionKey, session);
    },
  });
}
