import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadSummarySchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { notificationsKey } from '../../notifications/api/notifications';
import { type MessagesScope, threadUrl } from './keys';
import { invalidateThreadLists, setThreadSummary } from './set-thread';

/** Moves the caller's read position to `seq` (the latest shown); the other side sees "Seen" live. */
export function useMarkRead(scope: MessagesScope, threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (seq: number) => apiRequest(`${threadUrl(scope, threadId)}/read`, { method: 'POST', body: { seq }, schema: threadSummarySchema }),
    onSuccess: (summary, seq) => {
      setThreadSummary(queryClient, scope, summary, { myLastReadSeq: seq });
      invalidateThreadLists(queryClient, scope);
      // Reading a conversation also reads the bell's notices about it (the server marks them).
      if (scope.kind === 'staff') void queryClient.invalidateQueries({ queryKey: notificationsKey });
    },
  });
}
