import { useState } from 'react';
import { ButtonLink } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { newProposalPath } from '../api/keys';
import { useProposals } from '../api/use-proposals';
import { ProposalsTable } from './ProposalsTable';

const PAGE_SIZE = 25;

/** One client's proposals (drafts too), most recently changed first, and "New proposal" for them. */
export function ClientProposalsPanel({ clientId, clientName }: { clientId: string; clientName: string }) {
  const [page, setPage] = useState(1);
  const proposals = useProposals({ clientId, page, pageSize: PAGE_SIZE });
  return (
    <Card
      title="Proposals"
      className="card-flush"
      actions={
        <ButtonLink variant="primary" size="sm" to={newProposalPath(clientId)}>
          New proposal<span className="visually-hidden"> for {clientName}</span>
        </ButtonLink>
      }
    >
      {proposals.isPending ? (
        <LoadingState label="Loading proposals…" />
      ) : proposals.isError ? (
        <div className="card-body">
          <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />
        </div>
      ) : proposals.data.total === 0 ? (
        <EmptyState title="No proposals yet">Send {clientName} a proposal with New proposal: they review it and sign it electronically, and their services are set up.</EmptyState>
      ) : (
        <>
          <ProposalsTable showClient={false} proposals={proposals.data.items} emptyMessage="No proposals." label={`Proposals for ${clientName}`} />
          <Pagination page={proposals.data.page} pageSize={proposals.data.pageSize} total={proposals.data.total} onPageChange={setPage} noun="proposals" />
        </>
      )}
    </Card>
  );
}
