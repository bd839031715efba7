import { useSearchParams } from 'react-router';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { QueryContent } from '../../components/States';
import { usePayments } from '../../features/invoices/api/use-payments';
import { PaymentsTable } from '../../features/invoices/components/PaymentsTable';
import { pageParam, withParam } from '../../lib/search-params';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ClientPicker } from '../ClientPicker';
import '../../features/invoices/components/invoices.css';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f-]{36}$/i;

/** The firm's payments received, newest first; the client filter and page live in the address (?client=&page=). */
export function PaymentsPage() {
  useDocumentTitle('Payments', 'Ledger Loom');
  const [params, setParams] = useSearchParams();
  const clientId = UUID.test(params.get('client') ?? '') ? (params.get('client') ?? '') : '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const payments = usePayments({ clientId: clientId || undefined, page, pageSize: PAGE_SIZE });

  return (
    <>
      <PageHeader title="Payments" description="Money received from clients: Pay Now card payments and the payments your team recorded, newest first." />
      <Card className="card-flush">
        <div className="invoice-filters" role="group" aria-label="Filters">
          <div className="invoice-filters-fields">
            <ClientPicker label="Client" noneLabel="All clients" clientId={clientId} onChange={(id) => setParams((prev) => withParam(prev, 'client', id), { replace: true })} />
          </div>
          {clientId ? (
            <div className="invoice-filters-actions">
              <Button size="sm" variant="ghost" onPress={() => setParams(new URLSearchParams(), { replace: true })}>
                Clear filters
              </Button>
            </div>
          ) : null}
        </div>
        <QueryContent query={payments} loadingLabel="Loading payments…">
          {(data) => (
            <>
              <PaymentsTable
                label="Payments received"
                payments={data.items}
                emptyMessage={clientId ? 'No payments from this client yet.' : 'No payments yet. Payments made with Pay Now, and the ones you record on an invoice, appear here.'}
              />
              <Pagination
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPageChange={(p) => setParams((prev) => withParam(prev, 'page', pageParam(p)))}
                noun="payments"
              />
            </>
          )}
        </QueryContent>
      </Card>
    </>
  );
}
