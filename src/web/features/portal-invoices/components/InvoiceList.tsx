import { Link } from 'react-router';
import type { InvoiceSummary } from '../../../../contracts/invoices';
import { Badge } from '../../../components/Badge';
import { formatCalendarDate, formatMoney } from '../../../lib/format';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { isPayable } from './invoice-words';
import { PayNowButton } from './PayNowButton';
import './portal-invoices.css';

/**
 * The client's invoices: number and date, total including GST, due date, status, what adjustment notes
 * credited, and Pay Now where something is owed. Adjustment notes are listed too, with what they credit.
 */
export function InvoiceList({ slug, invoices }: { slug: string; invoices: ReadonlyArray<InvoiceSummary> }) {
  return (
    <ul className="invoice-list" aria-label="Invoices">
      {invoices.map((inv) => {
        const name = inv.number ?? inv.title;
        const headingId = `invoice-${inv.id}-title`;
        // An adjustment note credits an invoice: no due date, nothing to pay, and "Issued" means nothing to a client.
        const isNote = inv.kind === 'adjustment_note';
        return (
          <li key={inv.id} className="invoice-item" data-status={inv.status} data-kind={inv.kind}>
            <article aria-labelledby={headingId} className="invoice-item-body">
              <div className="invoice-item-head">
                <h2 id={headingId} className="invoice-item-title">
                  <Link to={`/invoices/${inv.id}`}>{name}</Link>
                </h2>
                {isNote ? <Badge tone="info">Adjustment note</Badge> : <InvoiceStatusBadge status={inv.status} />}
              </div>
              <dl className="invoice-item-facts">
                <div>
                  <dt>Date</dt>
                  <dd>{formatCalendarDate(inv.issueDate)}</dd>
                </div>
                {isNote ? (
                  <div>
                    <dt>{inv.gstRegistered ? 'Credit incl. GST' : 'Credit'}</dt>
                    <dd className="invoice-money">{formatMoney(inv.totalCents)}</dd>
                  </div>
                ) : (
                  <>
                    <div>
                      <dt>Due</dt>
                      <dd>{formatCalendarDate(inv.dueDate)}</dd>
                    </div>
                    <div>
                      <dt>{inv.gstRegistered ? 'Total incl. GST' : 'Total'}</dt>
                      <dd className="invoice-money">{formatMoney(inv.totalCents)}</dd>
                    </div>
                    {inv.creditedCents > 0 ? (
                      <div>
                        <dt>Credited</dt>
                        <dd className="invoice-money">{formatMoney(inv.creditedCents)}</dd>
                      </div>
                    ) : null}
                    {inv.balanceCents > 0 && inv.balanceCents < inv.totalCents ? (
                      <div>
                        <dt>Still to pay</dt>
                        <dd className="invoice-money">{formatMoney(inv.balanceCents)}</dd>
                      </div>
                    ) : null}
                  </>
                )}
              </dl>
              <div className="invoice-item-actions">
                {isPayable(inv) ? <PayNowButton slug={slug} invoice={inv} nameInvoice size="sm" /> : null}
                <Link to={`/invoices/${inv.id}`} className="btn btn-secondary btn-sm">
                  View<span className="visually-hidden"> {name}</span>
                </Link>
              </div>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
