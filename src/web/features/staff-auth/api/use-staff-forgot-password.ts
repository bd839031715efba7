import { useMutation } from '@tanstack/react-query';
import { acceptedReplySchema, type ForgotPasswordBody } from '../../../../contracts/auth';
import { apiRequest } from '../../../lib/api-client';

export function useStaffForgotPassword() {
  return useMutation({
    mutationFn: (body: ForgotPasswordBody) =>
      apiRequest('/api/staff/auth/forgot-password', { method: 'POST', body, schema: acceptedReplySchema, sessionRequired: false }),
  });
}
