import { useMutation } from '@tanstack/react-query';
import { unsubscribeInfoSchema } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';

/** What an unsubscribe link stops (no session needed; invalid links answer 404). */
export function useInspectUnsubscribe() {
  return useMutation({
    mutationFn: (token: string) =>
      apiRequest('/api/public/unsubscribe/inspect', { method: 'POST', body: { token }, schema: unsubscribeInfoSchema, sessionRequired: false }),
  });
}

export function useConfirmUnsubscribe() {
  return useMutation({
    mutationFn: (token: string) =>
      apiRequest('/api/public/unsubscribe/confirm', { method: 'POST', body: { token }, schema: unsubscribeInfoSchema, sessionRequired: false }),
  });
}
