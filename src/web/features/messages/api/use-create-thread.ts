import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { type MessagesScope, messageKeys, threadsUrl } from './keys';
import { invalidateThreadLists } from './set-thread';

export interface NewThreadBody {
  /** Staff only: whom the thread is with. */
  clientId?: string | undefined;
  subject: string;
  body: string;
  link?: { kind: 'service' | 'task' | 'invoice'; id: string } | null | undefined;
  attachmentIds?: string[] | undefined;
}

/** Starts a thread with its first message; 201 with the whole thread. */
export function useCreateThread(scope: MessagesScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewThreadBody) => apiRequest(threadsUrl(scope), { method: 'POST', body, schema: threadSchema }),
    onSuccess: (thread) => {
      queryClient.setQueryData(messageKeys(scope).thread(thread.id), thread);
      invalidateThreadLists(queryClient, scope);
    },
  });
}
