import { useMutation, useQueryClient } from '@tanstack/react-query';
import { messageSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { type MessagesScope, threadUrl } from './keys';
import { invalidateThreadLists, setMessage } from './set-thread';

/** Sends a message in a thread (a closed thread opens again); 400 says why the text was refused. */
export function useSendMessage(scope: MessagesScope, threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; attachmentIds?: string[] | undefined }) => apiRequest(`${threadUrl(scope, threadId)}/messages`, { method: 'POST', body, schema: messageSchema }),
    onSuccess: (message) => {
      setMessage(queryClient, scope, message);
      invalidateThreadLists(queryClient, scope);
    },
  });
}
