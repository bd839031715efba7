import { Link } from 'react-router';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { formatMoney } from '../../../lib/format';
import { formatQuantity } from './invoice-words';

/**
 * The lines and totals of an invoice (what was paid, what adjustment notes credited with links to
 * them, and the balance) or of an adjustment note (what it credits; nothing is due on a note). On a
 * phone the unit price and GST columns fold into a line under each description (hidden columns and
 * the folded line are never both read out).
 */
export function InvoiceLines({ invoice }: { invoice: InvoiceDto }) {
  const gst = invoice.gstRegistered;
  const inclusive = invoice.priceMode === 'inclusive';
  const amountHeading = !gst ? 'Amount' : inclusive ? 'Amount incl. GST' : 'Amount excl. GST';
  const isNote = invoice.kind === 'adjustment_note';
  const anyGstFree = gst && invoice.lines.some((l) => l.gst === 'gst_free');
  return (
    <div className="invoice-lines">
      <table className="invoice-table">
        <caption className="visually-hidden">{isNote ? 'Credited on' : 'Services on'} {invoice.number ?? 'this invoice'}</caption>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col" className="num col-wide">
              Qty
            </th>
            <th scope="col" className="num col-wide">
              Unit price
            </th>
            {gst ? (
              <th scope="col" className="col-wide">
                GST
              </th>
            ) : null}
            <th scope="col" className="num">
              {amountHeading}
            </th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id}>
              <td>
                <span className="invoice-line-description">{line.description}</span>
                {line.serviceName ? <span className="invoice-line-service">{line.serviceName}</span> : null}
                <span className="invoice-line-folded">
                  {formatQuantity(line.quantityMilli)} × {formatMoney(line.unitPriceCents)}
                  {gst && line.gst === 'gst_free' ? ' · GST-free' : ''}
                </span>
              </td>
              <td className="num col-wide">{formatQuantity(line.quantityMilli)}</td>
              <td className="num col-wide">{formatMoney(line.unitPriceCents)}</td>
              {gst ? <td className="col-wide">{line.gst === 'gst_free' ? 'GST-free' : inclusive ? 'Incl.' : '10%'}</td> : null}
              <td className="num invoice-money">{formatMoney(line.amountCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="invoice-totals">
        {gst ? (
          <>
            <div>
              <dt>Subtotal (excl. GST)</dt>
              <dd>{formatMoney(invoice.subtotalCents)}</dd>
            </div>
            <div>
              <dt>GST</dt>
              <dd>{formatMoney(invoice.gstCents)}</dd>
            </div>
          </>
        ) : null}
        <div className="invoice-total">
          <dt>{isNote ? (gst ? 'Total credit including GST' : 'Total credit') : gst ? 'Total including GST' : 'Total'}</dt>
          <dd>{formatMoney(invoice.totalCents)}</dd>
        </div>
        {isNote ? null : (
          <>
            <div>
              <dt>Paid</dt>
              <dd>{formatMoney(invoice.paidCents)}</dd>
            </div>
            {invoice.creditedCents > 0 ? (
              <div className="invoice-credited">
                <dt>
                  Credited
                  {invoice.adjustments.length > 0 ? (
                    <span className="invoice-credited-notes">
                      {' by '}
                      {invoice.adjustments.map((note, i) => (
                        <span key={note.id}>
                          {i > 0 ? ', ' : ''}
                          <Link to={`/invoices/${note.id}`} aria-label={`Adjustment note ${note.number ?? ''}`}>
                            {note.number ?? 'adjustment note'}
                          </Link>
                        </span>
                      ))}
                    </span>
                  ) : null}
                </dt>
                <dd>{formatMoney(invoice.creditedCents)}</dd>
              </div>
            ) : null}
            <div className="invoice-balance">
              <dt>Balance due</dt>
              <dd>{formatMoney(invoice.balanceCents)}</dd>
            </div>
          </>
        )}
      </dl>
      {gst && inclusive ? <p className="invoice-note">Total price includes GST.</p> : null}
      {anyGstFree ? <p className="invoice-note">Lines marked GST-free carry no GST.</p> : null}
    </div>
  );
}
