import type { InvoiceDisplayStatus } from '../../../contracts/invoices.js';

/**
 * The status people see, derived — never stored — so it cannot go stale: Overdue is an issued
 * invoice with a balance whose due date has passed in the firm's time zone (`today` is the firm's
 * date). Clients see a part-paid invoice as Unpaid (the guide's words: Unpaid, Paid, Overdue).
 */
export function displayStatus(
  inv: { status: 'draft' | 'issued' | 'void'; totalCents: number; paidCents: number; creditedCents?: number; dueDate: string | null; kind?: 'invoice' | 'adjustment_note' },
  today: string,
  audience: 'staff' | 'client' = 'staff',
): InvoiceDisplayStatus {
  if (inv.status === 'draft') return 'draft';
  if (inv.status === 'void') return 'void';
  // An adjustment note is complete once issued: it reduces what is owed on its invoice.
  if (inv.kind === 'adjustment_note') return 'issued';
  // Clients keep the guide's three words: nothing owing reads "Paid" to them; staff see how it was settled.
  if (inv.paidCents + (inv.creditedCents ?? 0) >= inv.totalCents) return inv.paidCents === 0 && audience === 'staff' ? 'credited' : 'paid';
  if (inv.dueDate !== null && inv.dueDate < today) return 'overdue';
  if (inv.paidCents > 0 && audience === 'staff') return 'partially_paid';
  return 'unpaid';
}

/** "INV-000042" / "ADJ-000043": one gapless sequence per firm for both kinds. */
export function invoiceNumber(kind: 'invoice' | 'adjustment_note', sequence: number): string {
  return `${kind === 'invoice' ? 'INV' : 'ADJ'}-${String(sequence).padStart(6, '0')}`;
}

/** The document's title as the ATO expects it (shared/domain §2.2, §2.3). */
export function invoiceTitle(kind: 'invoice' | 'adjustment_note', gstRegistered: boolean): string {
  if (kind === 'adjustment_note') return 'Adjustment note';
  return gstRegistered ? 'Tax invoice' : 'Invoice';
}
