import { Link } from 'react-router';
import type { ThreadSummary } from '../../../../contracts/messages';
import type { MessagesScope } from '../api/keys';
import { linkPath, linkText } from './thread-words';

/** What a thread is about, as a link to it: "Invoice INV-0042" (a task is named without one). */
export function ThreadAbout({ scope, link }: { scope: MessagesScope; link: ThreadSummary['link'] }) {
  if (!link) return null;
  const path = linkPath(scope, link);
  return path ? <Link to={path}>{linkText(link)}</Link> : <span>{linkText(link)}</span>;
}
