import { useEffect, useRef, useState } from 'react';
import type { MessageDto, ThreadDto } from '../../../../contracts/messages';
import { formatAtTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import type { MessagesScope } from '../api/keys';
import { MessageItem } from './MessageItem';

export interface ThreadMessagesProps {
  scope: MessagesScope;
  thread: ThreadDto;
  onRedact?: ((message: MessageDto) => void) | undefined;
}

/** "Seen by Casey Barista at 10:42 am" for everyone on the other side who has read up to this message. */
function Receipt({ thread, seq }: { thread: ThreadDto; seq: number }) {
  const timeZone = useTimeZone();
  const seen = thread.receipts.filter((r) => r.lastReadSeq >= seq).sort((a, b) => a.readAt.localeCompare(b.readAt));
  if (seen.length === 0) return null;
  return (
    <p className="message-receipt">
      {seen.map((r) => `Seen by ${r.name} ${formatAtTime(r.readAt, timeZone)}`).join('; ')}
    </p>
  );
}

/**
 * The messages, oldest first; the viewer's side on the right. The latest message from the viewer's
 * side carries the other side's read receipt. Messages arriving from the other side while the
 * thread is open are announced politely.
 */
export function ThreadMessages({ scope, thread, onRedact }: ThreadMessagesProps) {
  const side = scope.kind === 'staff' ? 'staff' : 'client';
  const lastMine = [...thread.messages].reverse().find((m) => m.author.kind === side);
  const [announcement, setAnnouncement] = useState('');
  const seenSeq = useRef(thread.lastSeq);
  // Where a long thread opens: the first message not yet read, else the latest (as the thread was when opened).
  const [openAt] = useState(() => {
    if (thread.messages.length <= 3) return null;
    const unread = thread.messages.find((m) => m.seq > thread.myLastReadSeq && m.author.kind !== side);
    return (unread ?? thread.messages[thread.messages.length - 1])?.seq ?? null;
  });

  useEffect(() => {
    if (openAt === null) return;
    const frame = window.requestAnimationFrame(() => document.getElementById(`message-${openAt}`)?.scrollIntoView({ block: 'start' }));
    return () => window.cancelAnimationFrame(frame);
  }, [openAt]);

  useEffect(() => {
    const fresh = thread.messages.filter((m) => m.seq > seenSeq.current && m.author.kind !== side);
    seenSeq.current = Math.max(seenSeq.current, thread.lastSeq);
    if (fresh.length === 1 && fresh[0]) setAnnouncement(`New message from ${fresh[0].author.name}.`);
    else if (fresh.length > 1) setAnnouncement(`${fresh.length} new messages.`);
  }, [thread.messages, thread.lastSeq, side]);

  return (
    <>
      {thread.earlierMessages > 0 ? (
        <p className="muted">
          {thread.earlierMessages === 1 ? 'One earlier message is' : `${thread.earlierMessages.toLocaleString('en-AU')} earlier messages are`} not shown: this
          conversation shows its latest {thread.messages.length.toLocaleString('en-AU')}.
        </p>
      ) : null}
      <ol className="message-list" aria-label="Messages">
        {thread.messages.map((m) => (
          <MessageItem
            key={m.id}
            scope={scope}
            message={m}
            mine={m.author.kind === side}
            onRedact={onRedact}
            receipt={m.id === lastMine?.id ? <Receipt thread={thread} seq={m.seq} /> : null}
          />
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
