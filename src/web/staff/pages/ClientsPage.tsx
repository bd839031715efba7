import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SearchField } from '../../components/SearchField';
import { ErrorState, LoadingState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { useClients } from '../../features/clients/api/use-clients';
import { ClientsTable } from '../../features/clients/components/ClientsTable';
import { NewClientDialog } from '../../features/clients/components/NewClientDialog';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAssigneeOptions } from '../use-assignee-options';
import { pageParam, withParam } from '../../lib/search-params';

const PAGE_SIZE = 25;

export function ClientsPage() {
  useDocumentTitle('Clients', 'Ledger Loom');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [search, setSearch] = useState(q);
  const debounced = useDebouncedValue(search.trim(), 300);
  const clients = useClients({ q, page, pageSize: PAGE_SIZE });
  const assignees = useAssigneeOptions();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const toast = useToast();

  // Back/Forward (or a link) can change `q` under the box: show what is being searched.
  useEffect(() => {
    setSearch((current) => (current.trim() === q ? current : q));
  }, [q]);

  // The debounced search box drives `q` in the URL (so Back and shared links keep the search).
  useEffect(() => {
    if (debounced === q) return;
    setParams((prev) => withParam(prev, 'q', debounced), { replace: true });
  }, [debounced, q, setParams]);

  const goToPage = (p: number) => setParams((prev) => withParam(prev, 'page', pageParam(p)));

  return (
    <>
      <PageHeader
        title="Clients"
        description="Individuals and entities your practice works for."
        actions={
          <Button variant="primary" onPress={() => setCreating(true)}>
            New client
          </Button>
        }
      />
      <Card className="card-flush">
        <div className="table-toolbar">
          <SearchField label="Search clients" value={search} onChange={setSearch} placeholder="Name, ABN or email" />
          {clients.isFetching && !clients.isPending ? (
            <span className="muted toolbar-status" role="status">
              Updating…
            </span>
          ) : null}
        </div>
        {clients.isPending ? (
          <LoadingState label="Loading clients…" />
        ) : clients.isError ? (
          <div className="card-body">
            <ErrorState error={clients.error} onRetry={() => void clients.refetch()} />
          </div>
        ) : (
          <>
            <ClientsTable
              clients={clients.data.items}
              emptyMessage={q ? `No clients match “${q}”.` : 'No clients yet. Add your first client with New client.'}
            />
            <Pagination page={clients.data.page} pageSize={clients.data.pageSize} total={clients.data.total} onPageChange={goToPage} noun="clients" />
          </>
        )}
      </Card>
      <NewClientDialog
        isOpen={creating}
        onOpenChange={setCreating}
        staffOptions={assignees}
        onCreated={(client) => {
          toast.show(`${client.name} added.`);
          void navigate(`/app/clients/${client.id}`);
        }}
      />
    </>
  );
}
