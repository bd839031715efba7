import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadSummarySchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { type MessagesScope, messageKeys, threadUrl } from './keys';
import { invalidateThreadLists } from './set-thread';

/** "Mark as unread": the latest message from the other side counts as unread again (409 when there is none). */
export function useMarkUnread(scope: MessagesScope, threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest(`${threadUrl(scope, threadId)}/unread`, { method: 'POST', schema: threadSummarySchema }),
    onSuccess: () => {
      // Not fetched again here: an open thread would mark itself read at once. It is stale for next time.
      void queryClient.invalidateQueries({ queryKey: messageKeys(scope).thread(threadId), refetchType: 'none' });
      invalidateThreadLists(queryClient, scope);
    },
  });
}
