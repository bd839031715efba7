import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { formatAbn, formatCalendarDate, formatMoney } from '../../../lib/format';
import { invoicePdfUrl } from '../api/keys';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import './portal-invoices.css';

/** What the big figure at the top says: the balance due, what was paid, or (a note) what it credits. */
function headline(invoice: InvoiceDto): { label: string; cents: number } {
  if (invoice.kind === 'adjustment_note') return { label: 'Amount credited', cents: invoice.totalCents };
  if (invoice.balanceCents > 0) return { label: 'Balance due', cents: invoice.balanceCents };
  // Nothing owing: "Paid in full" only when payments cleared it all; adjustment notes may have cleared some or all.
  if (invoice.creditedCents === 0) return { label: 'Paid in full', cents: invoice.paidCents };
  return { label: 'Nothing owing', cents: 0 };
}

/**
 * The top of an invoice: what is owed and by when, who it is from and to, and the actions
 * (Pay Now, passed in by the page, and Download PDF). An adjustment note instead shows what it
 * credits, why, and the invoice it adjusts — it has no due date, balance or Pay Now.
 */
export function InvoiceOverview({ slug, invoice, firmName, payNow }: { slug: string; invoice: InvoiceDto; firmName: string; payNow: ReactNode }) {
  const isNote = invoice.kind === 'adjustment_note';
  const owing = !isNote && invoice.balanceCents > 0;
  const top = headline(invoice);
  return (
    <section className="card invoice-overview" aria-labelledby="invoice-overview-title">
      <h2 id="invoice-overview-title" className="visually-hidden">
        Summary
      </h2>
      <div className="invoice-overview-due">
        <p className="invoice-overview-label">{top.label}</p>
        <p className="invoice-overview-amount">{formatMoney(top.cents)}</p>
        {isNote ? (
          invoice.adjusts ? (
            <p className="invoice-overview-status">
              <span>
                Reduces what is owed on{' '}
                <Link to={`/invoices/${invoice.adjusts.id}`}>invoice {invoice.adjusts.number}</Link>
              </span>
            </p>
          ) : null
        ) : (
          <p className="invoice-overview-status">
            <InvoiceStatusBadge status={invoice.status} />
            {owing && invoice.dueDate ? <span>Due {formatCalendarDate(invoice.dueDate)}</span> : null}
          </p>
        )}
      </div>
      <dl className="invoice-overview-facts">
        <div>
          <dt>{isNote ? 'Adjustment note number' : 'Invoice number'}</dt>
          <dd>{invoice.number}</dd>
        </div>
        <div>
          <dt>{isNote ? 'Date' : 'Invoice date'}</dt>
          <dd>{formatCalendarDate(invoice.issueDate)}</dd>
        </div>
        {isNote ? (
          <>
            {invoice.adjusts ? (
              <div>
                <dt>Original invoice</dt>
                <dd>
                  <Link to={`/invoices/${invoice.adjusts.id}`}>{invoice.adjusts.number}</Link>
                </dd>
              </div>
            ) : null}
            <div>
              <dt>Reason</dt>
              <dd>{invoice.adjusts?.reason || '—'}</dd>
            </div>
          </>
        ) : (
          <div>
            <dt>Due date</dt>
            <dd>{formatCalendarDate(invoice.dueDate)}</dd>
          </div>
        )}
        <div>
          <dt>From</dt>
          <dd>
            <span>{invoice.supplier?.legalName ?? firmName}</span>
            {invoice.supplier?.tradingName ? <span className="invoice-overview-sub">Trading as {invoice.supplier.tradingName}</span> : null}
            {invoice.supplier?.abn ? <span className="invoice-overview-sub">ABN {formatAbn(invoice.supplier.abn)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>
            <span>{invoice.recipient?.name ?? invoice.client.name}</span>
            {invoice.recipient?.abn ? <span className="invoice-overview-sub">ABN {formatAbn(invoice.recipient.abn)}</span> : null}
          </dd>
        </div>
      </dl>
      <div className="invoice-overview-actions">
        {isNote ? null : payNow}
        <a className="btn btn-secondary" href={invoicePdfUrl(slug, invoice.id)} download={`${invoice.number ?? 'invoice'}.pdf`}>
          Download PDF
        </a>
      </div>
    </section>
  );
}
