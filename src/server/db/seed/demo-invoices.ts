import type { StaffCtx } from '../../platform/tenancy/context.js';
import { createInvoice, issueInvoice } from '../../modules/invoices/invoices.service.js';
import { recordManualPayment } from '../../modules/invoices/payments.service.js';
import { todayIn } from '../../modules/work/periods.js';

const daysAgo = (now: Date, n: number) => new Date(now.getTime() - n * 24 * 60 * 60 * 1000);

/**
 * Demo invoices (issued "in the past" by giving the context an earlier clock): Coastal Coffee has one
 * unpaid invoice due in the future, one overdue and one paid; Jordan Lee has one unpaid. Amounts
 * exercise GST rounding — three lines of $1.15 ex GST make $0.35 GST, not $0.36.
 */
export async function seedDemoInvoices(ctx: StaffCtx, s: { coffeeId: string; jordanId: string; coffeeBasId?: string }): Promise<{ overdueId: string }> {
  const at = (n: number): StaffCtx => ({ ...ctx, now: daysAgo(ctx.now, n) });
  const issue = async (c: StaffCtx, body: Parameters<typeof createInvoice>[1]) => {
    const d = await createInvoice(c, body);
    return issueInvoice(c, d.id, d.version);
  };

  await issue(at(2), {
    clientId: s.coffeeId, priceMode: 'exclusive', notes: 'Thank you for your business. Payment terms 14 days.',
    lines: [
      { description: 'BAS preparation and lodgement — this quarter', serviceId: s.coffeeBasId ?? null, quantityMilli: 1000, unitPriceCents: 49_500, gst: 'taxable' },
      { description: 'Bookkeeping review (hours)', quantityMilli: 1500, unitPriceCents: 16_500, gst: 'taxable' },
      { description: 'Courier and postage', quantityMilli: 3000, unitPriceCents: 115, gst: 'taxable' },
    ],
  });
  const overdue = await issue(at(40), {
    clientId: s.coffeeId, priceMode: 'inclusive', notes: '',
    lines: [
      { description: 'Company tax return 2025 — preparation', quantityMilli: 1000, unitPriceCents: 181_500, gst: 'taxable' },
      { description: 'ASIC annual review fee (disbursement)', quantityMilli: 1000, unitPriceCents: 32_100, gst: 'gst_free' },
    ],
  });
  const paid = await issue(at(30), {
    clientId: s.coffeeId, priceMode: 'exclusive', notes: '',
    lines: [{ description: 'BAS preparation and lodgement — last quarter', quantityMilli: 1000, unitPriceCents: 33_333, gst: 'taxable' }],
  });
  const paidCtx = at(20);
  await recordManualPayment(paidCtx, paid.id, { amountCents: paid.totalCents, receivedOn: todayIn('Australia/Sydney', paidCtx.now), method: 'bank_transfer', reference: 'CBA transfer' });
  await issue(at(1), {
    clientId: s.jordanId, priceMode: 'exclusive', notes: '',
    lines: [{ description: 'Individual tax return 2025–26', quantityMilli: 1000, unitPriceCents: 29_900, gst: 'taxable' }],
  });
  return { overdueId: overdue.id };
}
