import { Link } from 'react-router';
import type { ThreadSummary } from '../../../../contracts/messages';
import { Badge } from '../../../components/Badge';
import { formatRecent } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { type MessagesScope, threadPath } from '../api/keys';
import { UnreadMark } from './UnreadMark';
import { linkText } from './thread-words';
import './messages.css';

/** The portal's threads, newest activity first: subject, what it is about, who wrote last and when, and what is unread. */
export function ThreadList({ scope, threads, label = 'Message threads', headingLevel = 2 }: { scope: MessagesScope; threads: ReadonlyArray<ThreadSummary>; label?: string; headingLevel?: 2 | 3 }) {
  const timeZone = useTimeZone();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="thread-list" aria-label={label}>
      {threads.map((t) => {
        const titleId = `thread-${t.id}-title`;
        return (
          <li key={t.id} className="thread-item" data-unread={t.unread > 0 || undefined}>
            <article aria-labelledby={titleId} className="thread-item-body">
              <div className="thread-item-head">
                <Heading id={titleId} className="thread-item-title">
                  <Link to={threadPath(scope, t.id)}>{t.subject}</Link>
                </Heading>
                <UnreadMark count={t.unread} />
                {t.status === 'closed' ? <Badge>Closed</Badge> : null}
              </div>
              <p className="thread-item-meta">
                {t.link ? <span className="thread-item-about">About: {linkText(t.link)}</span> : null}
                <span>
                  {t.lastAuthor ? `${t.lastAuthor.name}, ` : 'Last message '}
                  <time dateTime={t.lastMessageAt}>{formatRecent(t.lastMessageAt, timeZone)}</time>
                </span>
              </p>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
