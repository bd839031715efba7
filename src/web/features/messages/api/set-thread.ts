import type { QueryClient } from '@tanstack/react-query';
import type { MessageDto, ThreadDto, ThreadSummary } from '../../../../contracts/messages';
import { type MessagesScope, messageKeys } from './keys';

/** After a change: the thread's lists and unread count are fetched again (the menu badge follows). */
export function invalidateThreadLists(queryClient: QueryClient, scope: MessagesScope): void {
  const keys = messageKeys(scope);
  void queryClient.invalidateQueries({ queryKey: keys.lists });
  void queryClient.invalidateQueries({ queryKey: keys.unread });
}

/** One message as the server answered it, put in place in the cached thread (then fetched again). */
export function setMessage(queryClient: QueryClient, scope: MessagesScope, message: MessageDto): void {
  const key = messageKeys(scope).thread(message.threadId);
  queryClient.setQueryData<ThreadDto>(key, (thread) => {
    if (!thread) return thread;
    const exists = thread.messages.some((m) => m.id === message.id);
    const messages = exists ? thread.messages.map((m) => (m.id === message.id ? message : m)) : [...thread.messages, message].sort((a, b) => a.seq - b.seq);
    return { ...thread, messages, lastSeq: Math.max(thread.lastSeq, message.seq) };
  });
  void queryClient.invalidateQueries({ queryKey: key });
}

/** A thread's summary fields as the server answered them (read position, status), keeping its messages. */
export function setThreadSummary(queryClient: QueryClient, scope: MessagesScope, summary: ThreadSummary, patch: Partial<ThreadDto> = {}): void {
  queryClient.setQueryData<ThreadDto>(messageKeys(scope).thread(summary.id), (thread) => (thread ? { ...thread, ...summary, ...patch } : thread));
}
