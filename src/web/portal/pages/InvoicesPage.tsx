import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { usePortalInvoices } from '../../features/portal-invoices/api/use-portal-invoices';
import { InvoiceList } from '../../features/portal-invoices/components/InvoiceList';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal } from '../portal-context';

/** Every invoice the firm has issued to the client, with Pay Now on the ones still owing. */
export function InvoicesPage() {
  const { slug, branding } = usePortal();
  const firmName = branding.displayName;
  useDocumentTitle('Invoices', firmName);
  const invoices = usePortalInvoices(slug);

  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <h1>Invoices</h1>
        <p className="muted">Invoices from {firmName}. Pay unpaid invoices online with Pay Now; card payments are processed securely by eWay.</p>
      </header>
      {invoices.isPending ? (
        <LoadingState label="Loading your invoices…" />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.length === 0 ? (
        <div className="card">
          <EmptyState title="No invoices yet">Invoices {firmName} sends you will appear here.</EmptyState>
        </div>
      ) : (
        <InvoiceList slug={slug} invoices={invoices.data} />
      )}
    </div>
  );
}
