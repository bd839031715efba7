import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/States';
import { STAFF_SCOPE, threadPath } from '../api/keys';
import { useStaffThreads } from '../api/use-staff-threads';
import { NewThreadDialog } from './NewThreadDialog';
import { ThreadList } from './ThreadList';
import { aboutValue } from './thread-words';
import './messages.css';

/** Enough for one invoice or service; more are on the client's Messages tab. */
const PAGE_SIZE = 20;

export interface AboutThreadsCardProps {
  /** What the threads are about. */
  link: { kind: 'service' | 'invoice'; id: string };
  /** It in words, e.g. "Invoice INV-0042" or "BAS Preparation Q3 2026". */
  aboutLabel: string;
  /** "this invoice", "this service". */
  thisWords: string;
  clientId: string;
  clientName: string;
  /** Whether a new thread may be about it (not when the client cannot see it, e.g. a draft invoice); without it, the card shows only when there are threads. */
  canStart: boolean;
  /** Why a new thread cannot be about it, shown when there are threads. */
  cannotStartReason?: string;
}

/** For staff, on an invoice or a service: the threads about it (open and closed), and a new message about it. */
export function AboutThreadsCard({ link, aboutLabel, thisWords, clientId, clientName, canStart, cannotStartReason }: AboutThreadsCardProps) {
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const threads = useStaffThreads({ linkId: link.id, status: 'all', pageSize: PAGE_SIZE });
  const data = threads.data;
  if (!canStart && !(data && data.total > 0)) return null;
  const about = aboutValue(link.kind, link.id);
  return (
    <Card
      title="Conversations"
      actions={
        canStart ? (
          <Button size="sm" onPress={() => setCreating(true)}>
            New message about {thisWords}
          </Button>
        ) : null
      }
    >
      <div className="stack">
        {threads.isPending ? (
          <LoadingState label="Loading conversations…" />
        ) : threads.isError ? (
          <ErrorState error={threads.error} onRetry={() => void threads.refetch()} />
        ) : data && data.total > 0 ? (
          <>
            <ThreadList scope={STAFF_SCOPE} threads={data.items} label={`Conversations about ${thisWords}`} headingLevel={3} />
            {data.total > data.items.length ? (
              <p className="muted">
                The latest {data.items.length} of {data.total}.{' '}
                <Link to={`/app/clients/${clientId}?tab=messages`}>All messages with {clientName}</Link>
              </p>
            ) : null}
          </>
        ) : (
          <p className="muted">No messages with {clientName} about {thisWords} yet.</p>
        )}
        {!canStart && cannotStartReason ? <p className="muted">{cannotStartReason}</p> : null}
      </div>
      {canStart ? (
        <NewThreadDialog
          isOpen={creating}
          onOpenChange={setCreating}
          clientId={clientId}
          clientName={clientName}
          aboutOptions={[
            { id: 'none', label: 'Nothing in particular' },
            { id: about, label: aboutLabel },
          ]}
          defaultAbout={about}
          defaultSubject={aboutLabel}
          onCreated={(thread) => {
            setCreating(false);
            void navigate(threadPath(STAFF_SCOPE, thread.id));
          }}
        />
      ) : null}
    </Card>
  );
}
