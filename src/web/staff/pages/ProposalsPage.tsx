import { useSearchParams } from 'react-router';
import { type ProposalStatus, proposalStatuses } from '../../../contracts/proposals';
import { Button, ButtonLink } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { Select, type SelectOption } from '../../components/Select';
import { QueryContent } from '../../components/States';
import { newProposalPath, verifyProposalPath } from '../../features/proposals/api/keys';
import { useProposals } from '../../features/proposals/api/use-proposals';
import { statusOptions as proposalStatusOptions } from '../../features/proposals/components/proposal-labels';
import { ProposalsTable } from '../../features/proposals/components/ProposalsTable';
import { pageParam, withParam } from '../../lib/search-params';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ClientPicker } from '../ClientPicker';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f-]{36}$/i;
const ANY = 'any';
const statusOptions: SelectOption[] = [{ id: ANY, label: 'All statuses' }, ...proposalStatusOptions];

/** The firm's proposals; the filters live in the address (?status=&client=&page=). */
export function ProposalsPage() {
  useDocumentTitle('Proposals', 'Ledger Loom');
  const [params, setParams] = useSearchParams();
  const status = proposalStatuses.find((s) => s === params.get('status'));
  const clientId = UUID.test(params.get('client') ?? '') ? (params.get('client') ?? '') : '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const proposals = useProposals({ status, clientId: clientId || undefined, page, pageSize: PAGE_SIZE });
  const filtered = Boolean(status || clientId);
  const set = (key: string, value: string) => setParams((prev) => withParam(prev, key, value), { replace: true });

  return (
    <>
      <PageHeader
        title="Proposals"
        description="Proposals your clients review and sign electronically; on acceptance their services are set up."
        actions={
          <>
            <ButtonLink variant="secondary" to={verifyProposalPath}>
              Verify a signed PDF
            </ButtonLink>
            <ButtonLink variant="primary" to={newProposalPath(clientId || undefined)}>
              New proposal
            </ButtonLink>
          </>
        }
      />
      <Card className="card-flush">
        <div className="proposal-filters" role="group" aria-label="Filters">
          <Select label="Status" options={statusOptions} value={status ?? ANY} onChange={(v) => set('status', v === ANY ? '' : (v as ProposalStatus))} />
          <ClientPicker label="Client" noneLabel="All clients" clientId={clientId} onChange={(id) => set('client', id)} />
          {filtered ? (
            <Button size="sm" variant="ghost" onPress={() => setParams(new URLSearchParams(), { replace: true })}>
              Clear filters
            </Button>
          ) : null}
        </div>
        <QueryContent query={proposals} loadingLabel="Loading proposals…">
          {(data) => (
            <>
              <ProposalsTable
                label="Proposals"
                proposals={data.items}
                emptyMessage={filtered ? 'No proposals match these filters.' : 'No proposals yet. Start one with New proposal.'}
              />
              <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPageChange={(p) => setParams((prev) => withParam(prev, 'page', pageParam(p)))} noun="proposals" />
            </>
          )}
        </QueryContent>
      </Card>
    </>
  );
}
