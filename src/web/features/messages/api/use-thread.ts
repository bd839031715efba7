import { useQuery } from '@tanstack/react-query';
import { threadSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { type MessagesScope, messageKeys, threadUrl } from './keys';

/** One thread with its messages, the other side's read receipts and the caller's own read position. */
export function useThread(scope: MessagesScope, id: string) {
  return useQuery({
    queryKey: messageKeys(scope).thread(id),
    queryFn: ({ signal }) => apiRequest(threadUrl(scope, id), { schema: threadSchema, signal }),
  });
}
