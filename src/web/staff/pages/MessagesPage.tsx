import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { RadioGroup } from '../../components/RadioGroup';
import { SearchField } from '../../components/SearchField';
import { Select, type SelectOption } from '../../components/Select';
import { QueryContent } from '../../components/States';
import type { ThreadListFilters } from '../../features/messages/api/keys';
import { useStaffThreads } from '../../features/messages/api/use-staff-threads';
import { ThreadsTable } from '../../features/messages/components/ThreadsTable';
import { pageParam, withParam } from '../../lib/search-params';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ClientPicker } from '../ClientPicker';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f-]{36}$/i;
type Show = NonNullable<ThreadListFilters['filter']>;
type Status = NonNullable<ThreadListFilters['status']>;
const SHOWS: ReadonlyArray<{ id: Show; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'unread', label: 'Unread' },
  { id: 'assigned', label: 'Assigned to me' },
];
const statusOptions: SelectOption<Status>[] = [
  { id: 'open', label: 'Open' },
  { id: 'closed', label: 'Closed' },
  { id: 'all', label: 'Open and closed' },
];

/** The firm's message threads with clients; the filters live in the address (?show=&status=&client=&q=&page=). */
export function MessagesPage() {
  useDocumentTitle('Messages', 'Ledger Loom');
  const [params, setParams] = useSearchParams();
  const show = SHOWS.find((s) => s.id === params.get('show'))?.id ?? 'all';
  const status = statusOptions.find((s) => s.id === params.get('status'))?.id ?? 'open';
  const clientId = UUID.test(params.get('client') ?? '') ? (params.get('client') ?? '') : '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [search, setSearch] = useState(q);
  const debounced = useDebouncedValue(search.trim(), 300);
  const threads = useStaffThreads({ filter: show, status, clientId: clientId || undefined, q: q || undefined, page, pageSize: PAGE_SIZE });
  const set = (key: string, value: string) => setParams((prev) => withParam(prev, key, value), { replace: true });
  const filtered = show !== 'all' || status !== 'open' || Boolean(clientId || q);

  // Back/Forward can change `q` under the box; the debounced box drives `q` in the address.
  useEffect(() => {
    setSearch((current) => (current.trim() === q ? current : q));
  }, [q]);
  useEffect(() => {
    if (debounced === q) return;
    setParams((prev) => withParam(prev, 'q', debounced), { replace: true });
  }, [debounced, q, setParams]);

  return (
    <>
      <PageHeader title="Messages" description="Threads with your clients. Clients write from the portal; new messages appear here as they arrive." />
      <Card className="card-flush">
        <div className="message-filters" role="group" aria-label="Filters">
          <RadioGroup label="Show" orientation="horizontal" options={SHOWS} value={show} onChange={(v) => set('show', v === 'all' ? '' : v)} />
          <div className="message-filters-fields">
            <SearchField label="Search" value={search} onChange={setSearch} placeholder="Subject or client" />
            <Select label="Status" options={statusOptions} value={status} onChange={(v) => set('status', v === 'open' ? '' : v)} />
            <ClientPicker label="Client" noneLabel="All clients" clientId={clientId} onChange={(id) => set('client', id)} />
          </div>
          {filtered ? (
            <div className="message-filters-actions">
              <Button size="sm" variant="ghost" onPress={() => setParams(new URLSearchParams(), { replace: true })}>
                Clear filters
              </Button>
            </div>
          ) : null}
        </div>
        <QueryContent query={threads} loadingLabel="Loading messages…">
          {(data) => (
            <>
              <ThreadsTable
                label="Message threads"
                threads={data.items}
                emptyMessage={filtered ? 'No threads match these filters.' : 'No open threads. When a client sends a message from the portal, it appears here.'}
              />
              <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPageChange={(p) => setParams((prev) => withParam(prev, 'page', pageParam(p)))} noun="threads" />
            </>
          )}
        </QueryContent>
      </Card>
    </>
  );
}
