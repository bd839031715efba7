import type { MessagesScope } from '../api/keys';
import { useUnreadCount } from '../api/use-unread-count';
import './messages.css';

/**
 * The number beside "Messages" in a menu (and on the narrow-screen Menu button): threads with
 * unread messages. Screen readers hear "Messages (2 unread)"; nothing shows when all is read.
 */
export function UnreadCount({ scope, spoken = (n) => ` (${n} unread)` }: { scope: MessagesScope; spoken?: (n: number) => string }) {
  const unread = useUnreadCount(scope);
  const n = unread.data ?? 0;
  if (n === 0) return null;
  return (
    <>
      <span className="nav-count" aria-hidden="true">
        {n > 99 ? '99+' : n}
      </span>
      <span className="visually-hidden">{spoken(n)}</span>
    </>
  );
}

/** For the Menu button: " (2 unread message threads)". */
export const unreadThreadsSpoken = (n: number) => ` (${n} unread message ${n === 1 ? 'thread' : 'threads'})`;
