import { Link } from 'react-router';
import { portalScope } from '../api/keys';
import { useUnreadCount } from '../api/use-unread-count';
import './messages.css';

/** On the portal dashboard: how many threads have messages from the firm not yet read, linking to Messages. Nothing when none. */
export function UnreadMessagesNotice({ slug, firmName }: { slug: string; firmName: string }) {
  const unread = useUnreadCount(portalScope(slug));
  const n = unread.data ?? 0;
  if (n === 0) return null;
  return (
    <section className="unread-messages" aria-labelledby="unread-messages-title">
      <h2 id="unread-messages-title" className="unread-messages-title">
        New messages
      </h2>
      <p>
        {firmName} has sent you messages in {n} {n === 1 ? 'thread' : 'threads'} you haven't read yet.
      </p>
      <p>
        <Link to="/messages" className="unread-messages-link">
          Read your messages
        </Link>
      </p>
    </section>
  );
}
