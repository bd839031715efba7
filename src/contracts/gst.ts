/**
 * Invoice arithmetic (issue: invoices; facts in shared/domain §2.1). Money is integer cents,
 * quantities are integer thousandths (1.5 hours = 1500), and every division is done in BigInt and
 * rounded half up — never binary floats.
 *
 * The one GST rule, used everywhere (s 9-90(3)(a), the "total invoice" rule): the GST of an invoice
 * is the sum of the UNROUNDED GST of its taxable lines, rounded half up to the cent once.
 * - GST-exclusive prices: unrounded line GST = line amount / 10.
 * - GST-inclusive prices: unrounded line GST = line amount / 11 (so the GST is exactly 1/11 of the
 *   taxable total and the invoice may say "Total price includes GST").
 * Subtotal + GST = total to the cent by construction. A firm not registered for GST charges none.
 */

export type GstTreatment = 'taxable' | 'gst_free';
export type PriceMode = 'exclusive' | 'inclusive';

export interface LineInput {
  /** Thousandths: 1 = 1000, 1.5 = 1500. */
  quantityMilli: number;
  unitPriceCents: number;
  gst: GstTreatment;
}

export interface LineAmount {
  /** quantity × unit price, rounded half up to the cent (GST-exclusive or -inclusive per the invoice). */
  amountCents: number;
  /** For display only: this line's GST, rounded on its own (the invoice GST is not the sum of these). */
  gstCentsDisplay: number;
}

export interface InvoiceTotals {
  lines: LineAmount[];
  /** Total excluding GST. */
  subtotalCents: number;
  gstCents: number;
  /** Total including GST: subtotalCents + gstCents. */
  totalCents: number;
  /** Sum of GST-free lines (shown so the client can see which part carries no GST). */
  gstFreeCents: number;
}

/** n / d rounded half up, for n ≥ 0 and d > 0. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new RangeError('divRoundHalfUp takes n ≥ 0 and d > 0');
  return (2n * n + d) / (2n * d);
}

export function lineAmountCents(quantityMilli: number, unitPriceCents: number): number {
  assertSafeNonNegative(quantityMilli, 'quantity');
  assertSafeNonNegative(unitPriceCents, 'unit price');
  return Number(divRoundHalfUp(BigInt(quantityMilli) * BigInt(unitPriceCents), 1000n));
}

function assertSafeNonNegative(n: number, what: string) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number, 0 or more`);
}

/** The totals of an invoice (or adjustment note), by the one GST rule above. */
export function invoiceTotals(lines: LineInput[], mode: PriceMode, gstRegistered = true): InvoiceTotals {
  const amounts = lines.map((l) => lineAmountCents(l.quantityMilli, l.unitPriceCents));
  const divisor = mode === 'exclusive' ? 10n : 11n;
  let taxable = 0n;
  let all = 0n;
  let gstFree = 0n;
  const out: LineAmount[] = lines.map((l, i) => {
    const amount = BigInt(amounts[i] ?? 0);
    all += amount;
    const isTaxable = gstRegistered && l.gst === 'taxable';
    if (isTaxable) taxable += amount;
    else gstFree += amount;
    return { amountCents: Number(amount), gstCentsDisplay: isTaxable ? Number(divRoundHalfUp(amount, divisor)) : 0 };
  });
  const gst = divRoundHalfUp(taxable, divisor);
  const subtotal = mode === 'exclusive' ? all : all - gst;
  const total = mode === 'exclusive' ? all + gst : all;
  return { lines: out, subtotalCents: Number(subtotal), gstCents: Number(gst), totalCents: Number(total), gstFreeCents: Number(gstFree) };
}

/** Whole cents as Australians write money: $1,234.50 (negative: -$12.00). */
export function formatAud(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-AU');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
