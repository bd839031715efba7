import { useSearchParams } from 'react-router';
import { type ServiceRequestStatus, serviceRequestStatuses } from '../../../contracts/service-requests';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { Select, type SelectOption } from '../../components/Select';
import { QueryContent } from '../../components/States';
import { useServiceRequests } from '../../features/service-requests/api/use-service-requests';
import { serviceRequestStatusOptions } from '../../features/service-requests/components/service-request-labels';
import { ServiceRequestsTable } from '../../features/service-requests/components/ServiceRequestsTable';
import { pageParam, withParam } from '../../lib/search-params';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ClientPicker } from '../ClientPicker';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f-]{36}$/i;
const ANY = 'any';
const statusOptions: SelectOption[] = [{ id: ANY, label: 'All statuses' }, ...serviceRequestStatusOptions];

/** Clients' requests for new work (Request Service in the portal); the filters live in the address (?status=&client=&page=). */
export function ServiceRequestsPage() {
  useDocumentTitle('Requests', 'Ledger Loom');
  const [params, setParams] = useSearchParams();
  const status = serviceRequestStatuses.find((s) => s === params.get('status'));
  const clientId = UUID.test(params.get('client') ?? '') ? (params.get('client') ?? '') : '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const requests = useServiceRequests({ status, clientId: clientId || undefined, page, pageSize: PAGE_SIZE });
  const filtered = Boolean(status || clientId);
  const set = (key: string, value: string) => setParams((prev) => withParam(prev, key, value), { replace: true });
  const open = requests.data?.openCount;

  return (
    <>
      <PageHeader
        title="Requests"
        description={
          open === undefined
            ? 'What clients have asked for in the portal: reply, make a proposal, accept it as a service, or decline it.'
            : `What clients have asked for in the portal: reply, make a proposal, accept it as a service, or decline it. ${open === 0 ? 'None are' : open === 1 ? '1 is' : `${open} are`} waiting for a decision.`
        }
      />
      <Card className="card-flush">
        <div className="request-filters" role="group" aria-label="Filters">
          <div className="request-filters-fields">
            <Select label="Status" options={statusOptions} value={status ?? ANY} onChange={(v) => set('status', v === ANY ? '' : (v as ServiceRequestStatus))} />
            <ClientPicker label="Client" noneLabel="All clients" clientId={clientId} onChange={(id) => set('client', id)} />
          </div>
          {filtered ? (
            <div className="request-filters-actions">
              <Button size="sm" variant="ghost" onPress={() => setParams(new URLSearchParams(), { replace: true })}>
                Clear filters
              </Button>
            </div>
          ) : null}
        </div>
        <QueryContent query={requests} loadingLabel="Loading requests…">
          {(data) => (
            <>
              <ServiceRequestsTable
                label="Service requests"
                requests={data.items}
                emptyMessage={filtered ? 'No requests match these filters.' : 'No requests yet. When a client uses Request Service in the portal, it appears here.'}
              />
              <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPageChange={(p) => setParams((prev) => withParam(prev, 'page', pageParam(p)))} noun="requests" />
            </>
          )}
        </QueryContent>
      </Card>
    </>
  );
}
