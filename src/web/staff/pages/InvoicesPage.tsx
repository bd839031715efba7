import { useSearchParams } from 'react-router';
import { formatAud } from '../../../contracts/gst';
import { type InvoiceDisplayStatus, invoiceDisplayStatuses } from '../../../contracts/invoices';
import { Button, ButtonLink } from '../../components/Button';
import { DateField } from '../../components/DateField';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { Select, type SelectOption } from '../../components/Select';
import { QueryContent } from '../../components/States';
import { useInvoices } from '../../features/invoices/api/use-invoices';
import { invoiceStatusOptions } from '../../features/invoices/components/invoice-labels';
import { InvoicesTable } from '../../features/invoices/components/InvoicesTable';
import { pageParam, withParam } from '../../lib/search-params';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ClientPicker } from '../ClientPicker';
import '../../features/invoices/components/invoices.css';

const PAGE_SIZE = 25;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f-]{36}$/i;
const ANY = 'any';
const statusOptions: SelectOption[] = [{ id: ANY, label: 'All statuses' }, ...invoiceStatusOptions];

/** The firm's invoices; the filters live in the address (?status=&client=&from=&to=&page=). */
export function InvoicesPage() {
  useDocumentTitle('Invoices', 'Ledger Loom');
  const [params, setParams] = useSearchParams();
  const status = invoiceDisplayStatuses.find((s) => s === params.get('status'));
  const clientId = UUID.test(params.get('client') ?? '') ? (params.get('client') ?? '') : '';
  const date = (key: string) => (DATE.test(params.get(key) ?? '') ? (params.get(key) ?? '') : '');
  const from = date('from');
  const to = date('to');
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const invoices = useInvoices({ status, clientId: clientId || undefined, from: from || undefined, to: to || undefined, page, pageSize: PAGE_SIZE });
  const filtered = Boolean(status || clientId || from || to);
  const set = (key: string, value: string) => setParams((prev) => withParam(prev, key, value), { replace: true });

  return (
    <>
      <PageHeader
        title="Invoices"
        description="What you have billed your clients, what they owe and what is overdue."
        actions={
          <ButtonLink variant="primary" to={clientId ? `/app/invoices/new?clientId=${clientId}` : '/app/invoices/new'}>
            New invoice
          </ButtonLink>
        }
      />
      <div className="stack-lg">
        <section className="invoice-stats" aria-label="What clients owe">
          <div className="invoice-stat">
            <p className="invoice-stat-label">Outstanding</p>
            <p className="invoice-stat-value">{invoices.data ? formatAud(invoices.data.outstandingCents) : '…'}</p>
            <p className="invoice-stat-note">Issued and not yet paid, across all clients</p>
          </div>
          <div className={`invoice-stat${invoices.data && invoices.data.overdueCents > 0 ? ' invoice-stat-overdue' : ''}`}>
            <p className="invoice-stat-label">Overdue</p>
            <p className="invoice-stat-value">{invoices.data ? formatAud(invoices.data.overdueCents) : '…'}</p>
            <p className="invoice-stat-note">Past the due date</p>
          </div>
        </section>
        <Card className="card-flush">
          <div className="invoice-filters" role="group" aria-label="Filters">
            <div className="invoice-filters-fields">
              <Select
                label="Status"
                options={statusOptions}
                value={status ?? ANY}
                onChange={(v) => set('status', v === ANY ? '' : (v as InvoiceDisplayStatus))}
              />
              <ClientPicker label="Client" noneLabel="All clients" clientId={clientId} onChange={(id) => set('client', id)} />
              <DateField label="Issued from" value={from} onChange={(v) => set('from', v)} />
              <DateField label="Issued to" value={to} onChange={(v) => set('to', v)} />
            </div>
            {filtered ? (
              <div className="invoice-filters-actions">
                <Button size="sm" variant="ghost" onPress={() => setParams(new URLSearchParams(), { replace: true })}>
                  Clear filters
                </Button>
              </div>
            ) : null}
          </div>
          <QueryContent query={invoices} loadingLabel="Loading invoices…">
            {(data) => (
              <>
                <InvoicesTable
                  label="Invoices"
                  invoices={data.items}
                  emptyMessage={filtered ? 'No invoices match these filters.' : 'No invoices yet. Start one with New invoice.'}
                />
                <Pagination
                  page={data.page}
                  pageSize={data.pageSize}
                  total={data.total}
                  onPageChange={(p) => setParams((prev) => withParam(prev, 'page', pageParam(p)))}
                  noun="invoices"
                />
              </>
            )}
          </QueryContent>
        </Card>
      </div>
    </>
  );
}
