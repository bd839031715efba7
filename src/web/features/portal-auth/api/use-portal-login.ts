import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { type LoginBody, portalSessionReplySchema } from '../../../../contracts/auth';
import { type TwoFactorLoginBody, twoFactorChallengeSchema } from '../../../../contracts/two-factor';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { portalSessionKey } from './keys';

/** Sign-in: a session, or (two-factor on) a challenge whose pending token goes with the code. */
export function usePortalLogin(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) =>
      apiRequest(`/api/portal/${encodeURIComponent(slug)}/auth/login`, {
        method: 'POST',
        body,
        schema: z.union([twoFactorChallengeSchema, portalSessionReplySchema]),
        sessionRequired: false,
      }),
    onSuccess: (reply) => {
      if ('twoFactorRequired' in reply) return;
      setCsrfToken(reply.csrfToken);
      queryClient.setQueryData(portalSessionKey(slug), reply);
    },
  });
}

export function usePortalTwoFactorLogin(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TwoFactorLoginBody) =>
      apiRequest(`/api/portal/${encodeURIComponent(slug)}/auth/login/two-factor`, { method: 'POST', body, schema: portalSessionReplySchema, sessionRequired: false }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(portalSessionKey(slug), session);
    },
  });
}
