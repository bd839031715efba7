import { useMutation, useQueryClient } from '@tanstack/react-query';
import { messageSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { messageUrl, STAFF_SCOPE } from './keys';
import { setMessage } from './set-thread';

/** Staff remove a message's text and attachments, with a reason (kept in the audit log). */
export function useRedactMessage(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, reason }: { messageId: string; reason: string }) =>
      apiRequest(`${messageUrl(STAFF_SCOPE, threadId, messageId)}/redact`, { method: 'POST', body: { reason }, schema: messageSchema }),
    onSuccess: (message) => setMessage(queryClient, STAFF_SCOPE, message),
  });
}
