import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import type { SelectOption } from '../../../components/Select';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { STAFF_SCOPE, threadPath } from '../api/keys';
import { useStaffThreads } from '../api/use-staff-threads';
import { NewThreadDialog } from './NewThreadDialog';
import { ThreadsTable } from './ThreadsTable';

const PAGE_SIZE = 25;

/** A client's threads, newest activity first, and "New message" to start one with them. */
export function ClientThreadsPanel({ clientId, clientName, aboutOptions }: { clientId: string; clientName: string; aboutOptions: ReadonlyArray<SelectOption> }) {
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const threads = useStaffThreads({ clientId, page, pageSize: PAGE_SIZE });
  return (
    <Card
      title="Messages"
      className="card-flush"
      actions={
        <Button variant="primary" size="sm" onPress={() => setCreating(true)}>
          New message
        </Button>
      }
    >
      {threads.isPending ? (
        <LoadingState label="Loading messages…" />
      ) : threads.isError ? (
        <div className="card-body">
          <ErrorState error={threads.error} onRetry={() => void threads.refetch()} />
        </div>
      ) : threads.data.total === 0 ? (
        <EmptyState title="No messages yet">Start a thread with {clientName} with New message; they reply in the client portal.</EmptyState>
      ) : (
        <>
          <ThreadsTable threads={threads.data.items} showClient={false} label={`Message threads with ${clientName}`} emptyMessage="No threads." />
          <Pagination page={threads.data.page} pageSize={threads.data.pageSize} total={threads.data.total} onPageChange={setPage} noun="threads" />
        </>
      )}
      <NewThreadDialog
        isOpen={creating}
        onOpenChange={setCreating}
        clientId={clientId}
        clientName={clientName}
        aboutOptions={aboutOptions}
        onCreated={(thread) => {
          setCreating(false);
          void navigate(threadPath(STAFF_SCOPE, thread.id));
        }}
      />
    </Card>
  );
}
