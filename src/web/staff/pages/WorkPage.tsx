import { useEffect, useMemo, useState } from 'react';
import type { Selection, SortDescriptor } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { ComboBox } from '../../components/ComboBox';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import type { SelectOption } from '../../components/Select';
import { ErrorState, LoadingState } from '../../components/States';
import { useClient } from '../../features/clients/api/use-client';
import { useClients } from '../../features/clients/api/use-clients';
import { useTemplates } from '../../features/work/api/use-templates';
import { useWorkList, type WorkSort } from '../../features/work/api/use-work-list';
import { BulkActions } from '../../features/work/components/BulkActions';
import { defaultWorkFilters, type StatusFilter, WorkFilters, type WorkFilterValues } from '../../features/work/components/WorkFilters';
import { WorkTable } from '../../features/work/components/WorkTable';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAssigneeOptions } from '../use-assignee-options';
import { pageParam, withParam } from '../../lib/search-params';

const PAGE_SIZE = 25;
const SORTS: ReadonlyArray<WorkSort> = ['due', '-due', 'client', 'name', 'stage'];
const STATUSES: ReadonlyArray<StatusFilter> = ['active', 'completed', 'cancelled', 'all'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ALL_CLIENTS = 'all';

/** "Client": type to search the firm's clients; the chosen one narrows the list (?client=<id>). */
function ClientFilter({ clientId, onChange }: { clientId: string; onChange: (clientId: string) => void }) {
  const chosen = useClient(clientId, { enabled: clientId !== '' });
  const chosenName = clientId && chosen.data ? chosen.data.name : '';
  const [text, setText] = useState(chosenName);
  const [selected, setSelected] = useState<string | null>(clientId || null);
  // The address decides (Back/Forward, a shared link, Clear filters); the box shows the chosen client's name.
  useEffect(() => setSelected(clientId || null), [clientId]);
  useEffect(() => setText(chosenName), [chosenName]);
  const search = useDebouncedValue(text.trim() === chosenName ? '' : text.trim(), 250);
  const clients = useClients({ q: search, page: 1, pageSize: 20 });
  const options: SelectOption[] = [{ id: ALL_CLIENTS, label: 'All clients' }, ...(clients.data?.items ?? []).map((c) => ({ id: c.id, label: c.name }))];
  if (clientId && chosenName && !options.some((o) => o.id === clientId)) options.push({ id: clientId, label: chosenName });
  return (
    <ComboBox
      label="Client"
      options={options}
      inputValue={text}
      onInputChange={setText}
      selectedKey={selected}
      onSelectionChange={(key) => {
        if (key === null || key === ALL_CLIENTS) {
          setSelected(null);
          setText('');
          onChange('');
        } else {
          setSelected(key);
          setText(options.find((o) => o.id === key)?.label ?? '');
          onChange(key);
        }
      }}
      placeholder="All clients"
      emptyText="No clients match"
    />
  );
}

/** The filters live in the address (?status=&stage=…), so Back, reload and shared links keep them. */
function filtersFrom(params: URLSearchParams): WorkFilterValues {
  const date = (key: string) => {
    const v = params.get(key) ?? '';
    return DATE.test(v) ? v : '';
  };
  return {
    status: STATUSES.find((s) => s === params.get('status')) ?? defaultWorkFilters.status,
    stageKey: params.get('stage') ?? '',
    assigneeId: params.get('assignee') ?? '',
    dueFrom: date('from'),
    dueTo: date('to'),
    overdue: params.get('overdue') === '1',
    waitingOnClient: params.get('waiting') === '1',
  };
}

function writeFilters(prev: URLSearchParams, f: WorkFilterValues): URLSearchParams {
  const next = new URLSearchParams(prev);
  const put = (key: string, value: string) => (value ? next.set(key, value) : next.delete(key));
  put('status', f.status === defaultWorkFilters.status ? '' : f.status);
  put('stage', f.stageKey);
  put('assignee', f.assigneeId);
  put('from', f.dueFrom);
  put('to', f.dueTo);
  put('overdue', f.overdue ? '1' : '');
  put('waiting', f.waitingOnClient ? '1' : '');
  next.delete('page');
  return next;
}

function sortDescriptorOf(sort: WorkSort): SortDescriptor {
  if (sort === '-due') return { column: 'due', direction: 'descending' };
  return { column: sort === 'due' ? 'due' : sort, direction: 'ascending' };
}

/** The server sorts due dates both ways, and clients, names and stages A–Z. */
function sortOf(descriptor: SortDescriptor): WorkSort {
  if (descriptor.column === 'due') return descriptor.direction === 'descending' ? '-due' : 'due';
  return SORTS.find((s) => s === descriptor.column) ?? 'due';
}

export function WorkPage() {
  useDocumentTitle('Work', 'Ledger Loom');
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const sort = SORTS.find((s) => s === params.get('sort')) ?? 'due';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const clientId = params.get('client') ?? '';
  const staffOptions = useAssigneeOptions();
  const templates = useTemplates();
  const work = useWorkList({
    status: filters.status === 'all' ? undefined : filters.status,
    stageKey: filters.stageKey || undefined,
    assigneeId: filters.assigneeId || undefined,
    clientId: /^[0-9a-f-]{36}$/i.test(clientId) ? clientId : undefined,
    dueFrom: filters.dueFrom || undefined,
    dueTo: filters.dueTo || undefined,
    overdue: filters.overdue,
    waitingOnClient: filters.waitingOnClient,
    sort,
    page,
    pageSize: PAGE_SIZE,
  });

  // Every stage any of the firm's workflows has (templates share keys such as in_preparation).
  const stageOptions = useMemo<SelectOption[]>(() => {
    const byKey = new Map<string, string>();
    for (const t of templates.data ?? []) for (const s of t.stages) if (!byKey.has(s.key)) byKey.set(s.key, s.name);
    for (const s of work.data?.items ?? []) if (!byKey.has(s.stageKey)) byKey.set(s.stageKey, s.stageName);
    return [...byKey].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label, 'en-AU'));
  }, [templates.data, work.data]);

  // A selection belongs to the rows on screen: a new page, filter or sort starts afresh.
  const [selected, setSelected] = useState<Selection>(new Set());
  const queryString = params.toString();
  useEffect(() => setSelected(new Set()), [queryString]);
  const items = work.data?.items ?? [];
  const filtered = clientId !== '' || (Object.keys(defaultWorkFilters) as Array<keyof WorkFilterValues>).some((k) => filters[k] !== defaultWorkFilters[k]);
  const selectedIds = selected === 'all' ? items.map((s) => s.id) : items.map((s) => s.id).filter((id) => selected.has(id));

  const setFilters = (next: WorkFilterValues) => setParams((prev) => writeFilters(prev, next), { replace: true });
  const setClient = (id: string) => setParams((prev) => withParam(prev, 'client', id), { replace: true });
  const setSort = (descriptor: SortDescriptor) =>
    setParams((prev) => {
      const s = sortOf(descriptor);
      return withParam(prev, 'sort', s === 'due' ? null : s);
    });
  const goToPage = (p: number) => setParams((prev) => withParam(prev, 'page', pageParam(p)));

  return (
    <>
      <PageHeader title="Work" description="Every service across your clients: what stage it is at, when it is due and who has it." />
      <Card className="card-flush">
        <WorkFilters
          values={filters}
          onChange={setFilters}
          stageOptions={stageOptions}
          staffOptions={staffOptions}
          hasExtraFilters={clientId !== ''}
          onClear={() =>
            setParams(
              (prev) => {
                const next = writeFilters(prev, defaultWorkFilters);
                next.delete('client');
                return next;
              },
              { replace: true },
            )
          }
        >
          <ClientFilter clientId={clientId} onChange={setClient} />
        </WorkFilters>
        <BulkActions
          selectedIds={selectedIds}
          staffOptions={staffOptions}
          stageOptions={stageOptions}
          onDone={() => setSelected(new Set())}
          onClearSelection={() => setSelected(new Set())}
        />
        {work.isFetching && !work.isPending ? (
          <p className="visually-hidden" role="status">
            Updating…
          </p>
        ) : null}
        {work.isPending ? (
          <LoadingState label="Loading work…" />
        ) : work.isError ? (
          <div className="card-body">
            <ErrorState error={work.error} onRetry={() => void work.refetch()} />
          </div>
        ) : (
          <>
            <WorkTable
              label="Work"
              services={work.data.items}
              emptyMessage={filtered ? 'No services match these filters.' : 'No active services yet. Start one from a client’s Services tab.'}
              selectedKeys={selected}
              onSelectionChange={setSelected}
              sortDescriptor={sortDescriptorOf(sort)}
              onSortChange={setSort}
            />
            <Pagination page={work.data.page} pageSize={work.data.pageSize} total={work.data.total} onPageChange={goToPage} noun="services" />
          </>
        )}
      </Card>
    </>
  );
}
