import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type ConfirmTwoFactorBody, recoveryCodesReplySchema, twoFactorEnrolmentSchema, type TwoFactorReauthBody, twoFactorStatusSchema,
} from '../../../../contracts/two-factor';
import { apiRequest } from '../../../lib/api-client';
import type { ProfileScope } from '../../profile/api/keys';

export const twoFactorKey = (scope: ProfileScope) => [...scope.sessionKey, 'profile', 'two-factor'] as const;

export function useTwoFactorStatus(scope: ProfileScope) {
  return useQuery({ queryKey: twoFactorKey(scope), queryFn: ({ signal }) => apiRequest(`${scope.apiBase}/profile/two-factor`, { schema: twoFactorStatusSchema, signal }) });
}

export function useStartTwoFactor(scope: ProfileScope) {
  return useMutation({ mutationFn: () => apiRequest(`${scope.apiBase}/profile/two-factor/enrol`, { method: 'POST', schema: twoFactorEnrolmentSchema }) });
}

/** Confirming also refreshes the session: a forced enrolment is over once two-factor is on. */
export function useConfirmTwoFactor(scope: ProfileScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConfirmTwoFactorBody) => apiRequest(`${scope.apiBase}/profile/two-factor/confirm`, { method: 'POST', body, schema: recoveryCodesReplySchema }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: twoFactorKey(scope) }),
  });
}

export function useRegenerateRecoveryCodes(scope: ProfileScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TwoFactorReauthBody) => apiRequest(`${scope.apiBase}/profile/two-factor/recovery-codes`, { method: 'POST', body, schema: recoveryCodesReplySchema }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: twoFactorKey(scope) }),
  });
}

export function useDisableTwoFactor(scope: ProfileScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TwoFactorReauthBody) => apiRequest(`${scope.apiBase}/profile/two-factor/disable`, { method: 'POST', body, schema: z.unknown() }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: twoFactorKey(scope) });
      void queryClient.invalidateQueries({ queryKey: scope.sessionKey, exact: true });
    },
  });
}
