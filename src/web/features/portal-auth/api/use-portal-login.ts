import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type LoginBody, portalSessionReplySchema } from '../../../../contracts/auth';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { portalSessionKey } from './keys';

export function usePortalLogin(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) =>
      apiRequest(`/api/portal/${encodeURIComponent(slug)}/auth/login`, {
        method: 'POST',
        body,
        schema: portalSessionReplySchema,
        sessionRequired: false,
      }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(portalSessionKey(slug), session);
    },
  });
}
