import { useEffect, useRef } from 'react';
import type { MessageDto, ThreadDto } from '../../../../contracts/messages';
import { usePageVisible } from '../../../lib/use-page-visible';
import type { MessagesScope } from '../api/keys';
import { useMarkRead } from '../api/use-mark-read';
import { Composer } from './Composer';
import { ThreadMessages } from './ThreadMessages';
import './messages.css';

/**
 * While the thread is on screen and the tab is showing, what it shows is read: on opening, and
 * again when a message arrives (live) or the tab comes back to the front. One request per new
 * message at most, even if it fails.
 */
function useReadWhileOpen(scope: MessagesScope, thread: ThreadDto) {
  const visible = usePageVisible();
  const markRead = useMarkRead(scope, thread.id);
  const asked = useRef(0);
  const { mutate } = markRead;
  useEffect(() => {
    if (!visible || thread.unread === 0 || asked.current >= thread.lastSeq) return;
    asked.current = thread.lastSeq;
    mutate(thread.lastSeq);
  }, [visible, thread.unread, thread.lastSeq, mutate]);
}

export interface ThreadViewProps {
  scope: MessagesScope;
  thread: ThreadDto;
  onRedact?: ((message: MessageDto) => void) | undefined;
  /** Said above the reply box when the thread is closed. */
  closedNote?: string | null;
}

/** A thread's messages and the reply box; it marks itself read while open. */
export function ThreadView({ scope, thread, onRedact, closedNote }: ThreadViewProps) {
  useReadWhileOpen(scope, thread);
  return (
    <div className="thread-view">
      <section className="thread-messages" aria-label="Messages in this thread">
        <ThreadMessages scope={scope} thread={thread} onRedact={onRedact} />
      </section>
      <Composer scope={scope} threadId={thread.id} clientId={thread.client.id} closedNote={thread.status === 'closed' ? closedNote : null} />
    </div>
  );
}
