import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { MessageDto } from '../../../contracts/messages';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { STAFF_SCOPE } from '../../features/messages/api/keys';
import { useMarkUnread } from '../../features/messages/api/use-mark-unread';
import { useThread } from '../../features/messages/api/use-thread';
import { RedactMessageDialog } from '../../features/messages/components/RedactMessageDialog';
import { ThreadControls } from '../../features/messages/components/ThreadControls';
import { ThreadAbout } from '../../features/messages/components/ThreadAbout';
import { ThreadView } from '../../features/messages/components/ThreadView';
import { errorMessage, isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAssigneeOptions } from '../use-assignee-options';

/** One thread with a client (/app/messages/:threadId, where notices link): messages, reply, assignee, Close, Redact, Mark as unread. */
export function MessageThreadPage() {
  const { threadId = '' } = useParams();
  const thread = useThread(STAFF_SCOPE, threadId);
  const markUnread = useMarkUnread(STAFF_SCOPE, threadId);
  const staffOptions = useAssigneeOptions();
  const navigate = useNavigate();
  const toast = useToast();
  const [redacting, setRedacting] = useState<MessageDto | null>(null);
  useDocumentTitle(thread.data?.subject ?? 'Message', 'Messages', 'Ledger Loom');

  const back = (
    <Link to="/app/messages" className="back-link">
      ← Messages
    </Link>
  );

  if (thread.isPending) return <LoadingState label="Loading the thread…" />;
  if (thread.isError) {
    const missing = isApiError(thread.error) && thread.error.status === 404;
    return (
      <>
        <PageHeader title={missing ? 'Thread not found' : 'Message'} eyebrow={back} />
        {missing ? <Alert tone="error">This thread doesn't exist, or you don't have access to it.</Alert> : <ErrorState error={thread.error} onRetry={() => void thread.refetch()} />}
      </>
    );
  }

  const t = thread.data;
  const fromClient = t.messages.some((m) => m.author.kind === 'client');
  return (
    <>
      <PageHeader
        title={t.subject}
        eyebrow={back}
        description={
          <span className="thread-facts">
            <span>
              With <Link to={`/app/clients/${t.client.id}?tab=messages`}>{t.client.name}</Link>
            </span>
            {t.link ? (
              <span>
                About: <ThreadAbout scope={STAFF_SCOPE} link={t.link} />
              </span>
            ) : null}
          </span>
        }
        actions={
          fromClient ? (
            <Button
              size="sm"
              onPress={() =>
                markUnread.mutate(undefined, {
                  onSuccess: () => {
                    toast.show(`“${t.subject}” marked as unread.`, 'info');
                    void navigate('/app/messages');
                  },
                })
              }
              isPending={markUnread.isPending}
            >
              Mark as unread
            </Button>
          ) : null
        }
      />
      {markUnread.error ? <Alert tone="error">{errorMessage(markUnread.error)}</Alert> : null}
      <div className="thread-layout">
        <ThreadView key={t.id} scope={STAFF_SCOPE} thread={t} onRedact={setRedacting} closedNote="This thread is closed. Sending a message opens it again." />
        <Card title="Thread" className="thread-side">
          <ThreadControls thread={t} staffOptions={staffOptions} />
        </Card>
      </div>
      <RedactMessageDialog threadId={t.id} message={redacting} onClose={() => setRedacting(null)} />
    </>
  );
}
