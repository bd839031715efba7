import { useMutation } from '@tanstack/react-query';
import type { AcceptInvitationBody } from '../../../../contracts/auth';
import { apiRequest } from '../../../lib/api-client';
import { linkCompletedReplySchema } from './link-reply';

/** Accept a staff or portal invitation; the server sets the new session cookie. */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (body: AcceptInvitationBody) =>
      apiRequest('/api/public/invitations/accept', {
        method: 'POST',
        body,
        schema: linkCompletedReplySchema,
        sessionRequired: false,
      }),
  });
}
