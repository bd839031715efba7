import { Link } from 'react-router';
import { portalScope } from '../api/keys';
import { usePortalThreads } from '../api/use-portal-threads';
import { ThreadList } from './ThreadList';
import { aboutValue } from './thread-words';
import './messages.css';

export interface LinkedThreadsProps {
  slug: string;
  /** What the threads are about (an invoice, a service). */
  link: { kind: 'service' | 'invoice'; id: string };
  title: string;
  /** The link that starts a new thread about it, e.g. "Message Coastal Ledger about this invoice". */
  newLabel: string;
}

/** In the portal, on an invoice or a service: the threads about it, and a new message prefilled with it. */
export function LinkedThreads({ slug, link, title, newLabel }: LinkedThreadsProps) {
  const threads = usePortalThreads(slug, { linkId: link.id });
  const items = threads.data?.items ?? [];
  const titleId = `linked-threads-${link.id}`;
  return (
    <section className="card card-body linked-threads" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {title}
      </h2>
      {items.length > 0 ? <ThreadList scope={portalScope(slug)} threads={items} label="Threads about this" headingLevel={3} /> : null}
      <p>
        <Link to={`/messages/new?about=${aboutValue(link.kind, link.id)}`} className="linked-threads-new">
          {newLabel}
        </Link>
      </p>
    </section>
  );
}
