import { formatAud } from '../../../../contracts/gst';

export interface InvoiceTotalsListProps {
  subtotalCents: number;
  gstCents: number;
  totalCents: number;
  gstRegistered: boolean;
  priceMode: 'exclusive' | 'inclusive';
  /** Shown on issued invoices. */
  paidCents?: number;
  /** Reduced by adjustment notes (shown only when there are any). */
  creditedCents?: number;
  balanceCents?: number;
  /** "Preview": the server works the totals out again when the draft is saved. */
  caption?: string;
}

/** Subtotal, GST and total (and, once issued, paid and balance) as a definition list. */
export function InvoiceTotalsList({ subtotalCents, gstCents, totalCents, gstRegistered, priceMode, paidCents, creditedCents, balanceCents, caption }: InvoiceTotalsListProps) {
  return (
    <div className="invoice-totals">
      {caption ? <p className="invoice-totals-caption">{caption}</p> : null}
      <dl className="invoice-totals-list">
        <div>
          <dt>{gstRegistered ? 'Subtotal (excl. GST)' : 'Subtotal'}</dt>
          <dd>{formatAud(subtotalCents)}</dd>
        </div>
        {gstRegistered ? (
          <div>
            <dt>GST</dt>
            <dd>{formatAud(gstCents)}</dd>
          </div>
        ) : null}
        <div className="invoice-totals-total">
          <dt>{gstRegistered ? 'Total (incl. GST)' : 'Total'}</dt>
          <dd>{formatAud(totalCents)}</dd>
        </div>
        {paidCents !== undefined ? (
          <div>
            <dt>Paid</dt>
            <dd>{formatAud(paidCents)}</dd>
          </div>
        ) : null}
        {creditedCents ? (
          <div>
            <dt>Credited by adjustment notes</dt>
            <dd>{formatAud(creditedCents)}</dd>
          </div>
        ) : null}
        {balanceCents !== undefined ? (
          <div className="invoice-totals-total">
            <dt>Balance due</dt>
            <dd>{formatAud(balanceCents)}</dd>
          </div>
        ) : null}
      </dl>
      {gstRegistered && priceMode === 'inclusive' ? <p className="field-description">Prices include GST; the total includes GST of {formatAud(gstCents)}.</p> : null}
      {!gstRegistered ? <p className="field-description">Your firm is not registered for GST, so no GST is charged.</p> : null}
    </div>
  );
}
