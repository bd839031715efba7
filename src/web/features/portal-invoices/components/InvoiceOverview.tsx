import type { ReactNode } from 'react';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { formatAbn, formatCalendarDate, formatMoney } from '../../../lib/format';
import { invoicePdfUrl } from '../api/keys';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import './portal-invoices.css';

/**
 * The top of an invoice: what is owed and by when, who it is from and to, and the actions
 * (Pay Now, passed in by the page, and Download PDF).
 */
export function InvoiceOverview({ slug, invoice, firmName, payNow }: { slug: string; invoice: InvoiceDto; firmName: string; payNow: ReactNode }) {
  const paid = invoice.status === 'paid';
  return (
    <section className="card invoice-overview" aria-labelledby="invoice-overview-title">
      <h2 id="invoice-overview-title" className="visually-hidden">
        Summary
      </h2>
      <div className="invoice-overview-due">
        <p className="invoice-overview-label">{paid ? 'Paid in full' : 'Balance due'}</p>
        <p className="invoice-overview-amount">{formatMoney(paid ? invoice.totalCents : invoice.balanceCents)}</p>
        <p className="invoice-overview-status">
          <InvoiceStatusBadge status={invoice.status} />
          {!paid && invoice.dueDate ? <span>Due {formatCalendarDate(invoice.dueDate)}</span> : null}
        </p>
      </div>
      <dl className="invoice-overview-facts">
        <div>
          <dt>Invoice number</dt>
          <dd>{invoice.number}</dd>
        </div>
        <div>
          <dt>Invoice date</dt>
          <dd>{formatCalendarDate(invoice.issueDate)}</dd>
        </div>
        <div>
          <dt>Due date</dt>
          <dd>{formatCalendarDate(invoice.dueDate)}</dd>
        </div>
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
        {payNow}
        <a className="btn btn-secondary" href={invoicePdfUrl(slug, invoice.id)} download={`${invoice.number ?? 'invoice'}.pdf`}>
          Download PDF
        </a>
      </div>
    </section>
  );
}
