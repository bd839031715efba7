import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorState, LoadingState } from '../../components/States';
import { portalScope } from '../../features/messages/api/keys';
import { useMarkUnread } from '../../features/messages/api/use-mark-unread';
import { useThread } from '../../features/messages/api/use-thread';
import { ThreadAbout } from '../../features/messages/components/ThreadAbout';
import { ThreadView } from '../../features/messages/components/ThreadView';
import { errorMessage, isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal } from '../portal-context';

/** One thread with the firm: its messages, the reply box, and Mark as unread. */
export function MessageThreadPage() {
  const { threadId = '' } = useParams();
  const { slug, branding } = usePortal();
  const scope = portalScope(slug);
  const thread = useThread(scope, threadId);
  const markUnread = useMarkUnread(scope, threadId);
  const navigate = useNavigate();
  useDocumentTitle(thread.data?.subject ?? 'Message', 'Messages', branding.displayName);

  const back = (
    <Link to="/messages" className="back-link">
      ← Messages
    </Link>
  );

  if (thread.isPending) return <LoadingState label="Loading the thread…" />;
  if (thread.isError) {
    const missing = isApiError(thread.error) && thread.error.status === 404;
    return (
      <div className="stack-lg">
        {back}
        {missing ? (
          <Alert tone="error" title="We couldn't find this thread">
            The link may not be quite right. Your threads are listed under Messages.
          </Alert>
        ) : (
          <ErrorState error={thread.error} onRetry={() => void thread.refetch()} />
        )}
      </div>
    );
  }

  const t = thread.data;
  const fromFirm = t.messages.some((m) => m.author.kind === 'staff');
  return (
    <div className="stack-lg">
      <header className="portal-page-header portal-page-header-actions">
        <div className="portal-page-header-text">
          <div className="page-header-eyebrow">{back}</div>
          <h1>{t.subject}</h1>
          <p className="thread-facts">
            {t.link ? (
              <span>
                About: <ThreadAbout scope={scope} link={t.link} />
              </span>
            ) : null}
            {t.status === 'closed' ? <Badge>Closed</Badge> : null}
          </p>
        </div>
        {fromFirm ? (
          <Button size="sm" onPress={() => markUnread.mutate(undefined, { onSuccess: () => void navigate('/messages') })} isPending={markUnread.isPending}>
            Mark as unread
          </Button>
        ) : null}
      </header>
      {markUnread.error ? <Alert tone="error">{errorMessage(markUnread.error)}</Alert> : null}
      <ThreadView key={t.id} scope={scope} thread={t} closedNote={`${branding.displayName} closed this thread. Sending a message opens it again.`} />
    </div>
  );
}
