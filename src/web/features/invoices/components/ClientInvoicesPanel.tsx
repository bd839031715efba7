import { useState } from 'react';
import { ButtonLink } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useInvoices } from '../api/use-invoices';
import { InvoicesTable } from './InvoicesTable';

const PAGE_SIZE = 25;

/** One client's invoices (drafts too), newest first, and "New invoice" for them. */
export function ClientInvoicesPanel({ clientId, clientName }: { clientId: string; clientName: string }) {
  const [page, setPage] = useState(1);
  const invoices = useInvoices({ clientId, page, pageSize: PAGE_SIZE });
  return (
    <Card
      title="Invoices"
      className="card-flush"
      actions={
        <ButtonLink variant="primary" size="sm" to={`/app/invoices/new?clientId=${encodeURIComponent(clientId)}`}>
          New invoice
        </ButtonLink>
      }
    >
      {invoices.isPending ? (
        <LoadingState label="Loading invoices…" />
      ) : invoices.isError ? (
        <div className="card-body">
          <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
        </div>
      ) : invoices.data.total === 0 ? (
        <EmptyState title="No invoices yet">Bill {clientName} with New invoice: draft it, check the totals, then issue it.</EmptyState>
      ) : (
        <>
          <InvoicesTable invoices={invoices.data.items} showClient={false} emptyMessage="No invoices." label={`Invoices for ${clientName}`} />
          <Pagination page={invoices.data.page} pageSize={invoices.data.pageSize} total={invoices.data.total} onPageChange={setPage} noun="invoices" />
        </>
      )}
    </Card>
  );
}
