import { useMutation, useQueryClient } from '@tanstack/react-query';
import { messageSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { type MessagesScope, messageUrl } from './keys';
import { setMessage } from './set-thread';

/** The author corrects their message within 5 minutes of sending it (409 afterwards); it then shows "edited". */
export function useEditMessage(scope: MessagesScope, threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, body }: { messageId: string; body: string }) => apiRequest(messageUrl(scope, threadId, messageId), { method: 'PATCH', body: { body }, schema: messageSchema }),
    onSuccess: (message) => setMessage(queryClient, scope, message),
  });
}
