import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { RESYNC, useLiveEvents } from '../../../lib/live-events';
import { type MessagesScope, messageKeys } from './keys';

/** The events the server sends about messages; they carry ids only, so each one means "fetch this again". */
const KINDS = ['message', 'message_edited', 'message_redacted', 'read', 'thread', RESYNC] as const;
const aboutThread = z.object({ threadId: z.string(), authorKind: z.enum(['staff', 'client']).optional(), readerKind: z.enum(['staff', 'client']).optional() });

/**
 * Keeps every message query of this side current from the live stream (<LiveEventsProvider>): a new
 * message, an edit, a removal, a read receipt or an assignment re-fetches that thread, and the lists
 * and unread count where they may have changed. Mount it once per app.
 */
export function useMessagesLive(scope: MessagesScope): void {
  const queryClient = useQueryClient();
  useLiveEvents(KINDS, (event) => {
    const keys = messageKeys(scope);
    if (event.kind === RESYNC) {
      void queryClient.invalidateQueries({ queryKey: keys.all });
      if (scope.kind === 'staff') void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      return;
    }
    const parsed = aboutThread.safeParse(event.data);
    if (!parsed.success) {
      void queryClient.invalidateQueries({ queryKey: keys.all });
      return;
    }
    const { threadId, authorKind } = parsed.data;
    void queryClient.invalidateQueries({ queryKey: keys.thread(threadId) });
    if (event.kind === 'message' || event.kind === 'read' || event.kind === 'thread') {
      void queryClient.invalidateQueries({ queryKey: keys.lists });
      void queryClient.invalidateQueries({ queryKey: keys.unread });
    }
    // A client's message also makes an in-app notice for staff (another feature's query, by its key).
    if (scope.kind === 'staff' && event.kind === 'message' && authorKind === 'client') void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  });
}
