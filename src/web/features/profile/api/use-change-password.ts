import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import type { ChangePasswordBody } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import type { ProfileScope } from './keys';

export function useChangePassword(scope: ProfileScope) {
  return useMutation({
    mutationFn: (body: ChangePasswordBody) =>
      apiRequest(`${scope.apiBase}/profile/password`, { method: 'POST', body, schema: z.object({ sessionsEnded: z.number() }) }),
  });
}
