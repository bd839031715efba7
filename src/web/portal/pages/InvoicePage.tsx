import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { ErrorState, LoadingState } from '../../components/States';
import { LinkedThreads } from '../../features/messages/components/LinkedThreads';
import { usePortalInvoice } from '../../features/portal-invoices/api/use-portal-invoice';
import { InvoiceLines } from '../../features/portal-invoices/components/InvoiceLines';
import { InvoiceOverview } from '../../features/portal-invoices/components/InvoiceOverview';
import { isPayable } from '../../features/portal-invoices/components/invoice-words';
import { PaymentOutcomeBanner } from '../../features/portal-invoices/components/PaymentOutcomeBanner';
import { PayNowButton } from '../../features/portal-invoices/components/PayNowButton';
import { usePaymentReturn } from '../../features/portal-invoices/components/use-payment-return';
import { isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal } from '../portal-context';

/**
 * One invoice: what is owed (after payments and adjustment notes), its lines and GST, Pay Now and the
 * PDF; and what happened on the payment page. An adjustment note: what it credits, why, and its invoice.
 */
export function InvoicePage() {
  const { invoiceId = '' } = useParams();
  const { slug, branding } = usePortal();
  const payment = usePaymentReturn();
  // Back from the payment page with "paid" or "pending": fetch again every few seconds until it reads Paid or a minute passes.
  const invoice = usePortalInvoice(slug, invoiceId, { pollUntilPaid: payment.waiting });
  const isPaid = invoice.data?.status === 'paid';
  const confirming = payment.waiting && !isPaid;
  const title = invoice.data ? [invoice.data.title, invoice.data.number].filter(Boolean).join(' ') : 'Invoice';
  useDocumentTitle(title, branding.displayName);

  const back = (
    <Link to="/invoices" className="back-link">
      ← Invoices
    </Link>
  );

  if (invoice.isPending) return <LoadingState label="Loading your invoice…" />;
  if (invoice.isError) {
    const missing = isApiError(invoice.error) && invoice.error.status === 404;
    return (
      <div className="stack-lg">
        {back}
        {missing ? (
          <Alert tone="error" title="We couldn't find this invoice">
            The link may not be quite right. Your invoices are listed under Invoices.
          </Alert>
        ) : (
          <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} />
        )}
      </div>
    );
  }

  const inv = invoice.data;
  const isNote = inv.kind === 'adjustment_note';
  const canPay = isPayable(inv) && !confirming;
  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <div className="page-header-eyebrow">{back}</div>
        <h1>{title}</h1>
      </header>
      <PaymentOutcomeBanner payment={payment} isPaid={isPaid} onCheckAgain={() => void invoice.refetch()} />
      <InvoiceOverview slug={slug} invoice={inv} firmName={branding.displayName} payNow={canPay ? <PayNowButton slug={slug} invoice={inv} /> : null} />
      <section className="card invoice-lines-card" aria-labelledby="invoice-lines-title">
        <h2 id="invoice-lines-title" className="card-title">
          {isNote ? 'What is credited' : 'Services'}
        </h2>
        <InvoiceLines invoice={inv} />
        {inv.notes ? <p className="invoice-notes">{inv.notes}</p> : null}
      </section>
      <LinkedThreads slug={slug} link={{ kind: 'invoice', id: inv.id }} title={isNote ? 'Questions about this adjustment note?' : 'Questions about this invoice?'} newLabel={`Message ${branding.displayName} about this ${isNote ? 'adjustment note' : 'invoice'}`} />
    </div>
  );
}
