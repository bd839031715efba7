import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { messageKeys, STAFF_SCOPE, threadUrl } from './keys';
import { invalidateThreadLists } from './set-thread';

/** Staff assign a thread (null: nobody) or close and reopen it. */
export function useUpdateThread(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { assignedStaffId?: string | null; status?: 'open' | 'closed' }) => apiRequest(threadUrl(STAFF_SCOPE, threadId), { method: 'PATCH', body, schema: threadSchema }),
    onSuccess: (thread) => {
      queryClient.setQueryData(messageKeys(STAFF_SCOPE).thread(thread.id), thread);
      invalidateThreadLists(queryClient, STAFF_SCOPE);
    },
  });
}
