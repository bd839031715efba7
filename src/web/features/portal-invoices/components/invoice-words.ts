import { describeEwayCodes, type InvoiceDisplayStatus, type InvoiceSummary, invoiceStatusLabels, paymentOutcomes } from '../../../../contracts/invoices';
import type { BadgeTone } from '../../../components/Badge';

/** 1500 thousandths → "1.5"; 1000 → "1"; 12000 → "12"; 1234567 → "1,234.567". Integer arithmetic only. */
export function formatQuantity(quantityMilli: number): string {
  const whole = Math.floor(quantityMilli / 1000).toLocaleString('en-AU');
  const fraction = String(quantityMilli % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The guide's words for a client: Unpaid, Paid, Overdue (the shared labels, so staff and client agree). */
export function statusLabel(status: InvoiceDisplayStatus): string {
  // A part-paid invoice already reaches clients as "unpaid"; this keeps the client's words if it ever did not.
  return status === 'partially_paid' ? invoiceStatusLabels.unpaid : invoiceStatusLabels[status];
}

export function statusTone(status: InvoiceDisplayStatus): BadgeTone {
  if (status === 'paid') return 'success';
  if (status === 'overdue') return 'danger';
  if (status === 'unpaid' || status === 'partially_paid') return 'warning';
  return 'neutral';
}

/** Pay Now is offered on an invoice (not a credit) with something left to pay. */
export function isPayable(inv: Pick<InvoiceSummary, 'kind' | 'status' | 'balanceCents'>): boolean {
  return inv.kind === 'invoice' && inv.balanceCents > 0 && (inv.status === 'unpaid' || inv.status === 'overdue' || inv.status === 'partially_paid');
}

export type PaymentOutcome = (typeof paymentOutcomes)[number];

export interface PaymentReturn {
  outcome: PaymentOutcome;
  /** The payment page's words (e.g. the bank's reason for a decline), if any. */
  message: string | null;
}

/**
 * What the payment page sent the browser back with (`?payment=<outcome>&reason=<eWay codes>`); null
 * when the address has no (known) outcome. Only well-formed eWay codes are read and put into our own
 * words, so a crafted link cannot make the page say anything else.
 */
export function readPaymentReturn(params: URLSearchParams): PaymentReturn | null {
  const outcome = params.get('payment');
  if (!outcome || !(paymentOutcomes as readonly string[]).includes(outcome)) return null;
  const reason = describeEwayCodes((params.get('reason') ?? '').split(',').slice(0, 5));
  const message = outcome === 'declined' && reason ? `Your card was declined (${reason}). Nothing was charged. You can try again with Pay Now, or use another card.` : null;
  return { outcome: outcome as PaymentOutcome, message };
}

/** The address without the payment outcome, so a reload or a shared link does not repeat the banner. */
export function withoutPaymentReturn(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('payment');
  next.delete('reason');
  return next;
}
