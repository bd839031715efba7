import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { invoiceTotals } from '../../../contracts/gst.js';
import { formatQuantity, renderInvoicePdf, type InvoicePdfInput, type InvoicePdfLine } from './invoice-pdf.js';

/** A 1×1 red PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

function invoice(lines: Omit<InvoicePdfLine, 'amountCents'>[], over: Partial<InvoicePdfInput> = {}): InvoicePdfInput {
  const priceMode = over.priceMode ?? 'exclusive';
  const gstRegistered = over.gstRegistered ?? true;
  const totals = invoiceTotals(lines, priceMode, gstRegistered);
  return {
    kind: 'invoice', status: 'issued', number: 'INV-000042', gstRegistered, priceMode, issueDate: '2026-05-01', dueDate: '2026-05-15', notes: '',
    subtotalCents: totals.subtotalCents, gstCents: totals.gstCents, totalCents: totals.totalCents, paidCents: 0,
    lines: lines.map((l, i) => ({ ...l, amountCents: totals.lines[i]?.amountCents ?? 0 })),
    parties: {
      firm: { legalName: 'Harbourside Accounting Pty Ltd', tradingName: 'Harbourside Accounting', abn: '51824753556', supportEmail: 'hello@harbourside.example', supportPhone: '02 9000 0000' },
      client: { name: 'Coastal Coffee Pty Ltd', abn: '53004085616', email: 'alex@coastalcoffee.example' },
    },
    adjustment: null,
    branding: { colour: '#0F766E', logo: null, logoContentType: null },
    ...over,
  };
}

const bas = { description: 'BAS preparation — quarter ending 31 March', quantityMilli: 1500, unitPriceCents: 82_300, gst: 'taxable' as const };

/** The text of the file: content streams are not compressed, so what is drawn is in the bytes. */
async function render(input: InvoicePdfInput) {
  const bytes = await renderInvoicePdf(input);
  const pdf = await PDFDocument.load(bytes);
  const text = bytes.toString('latin1');
  return { bytes, text, words: drawn(text), pages: pdf.getPageCount() };
}

/** Every string drawn, in order, joined by spaces (so a sentence wrapped over lines reads whole). */
const drawn = (pdf: string) => [...pdf.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => (m[1] ?? '').replace(/\\([()\\])/g, '$1')).join(' ');

/** A string as drawn: `(text) Tj`, with PDF's escapes for parentheses. */
const shown = (s: string) => `(${s.replace(/[()\\]/g, (c) => `\\${c}`)}) Tj`;

describe('renderInvoicePdf', () => {
  it('a GST tax invoice shows everything the ATO asks for', async () => {
    const { text, words, pages, bytes } = await render(invoice([bas], { paidCents: 10_000, notes: 'Thank you for your business.' }));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages).toBe(1);
    for (const s of [
      'Tax invoice', 'Harbourside Accounting Pty Ltd', 'Trading as Harbourside Accounting', 'ABN 51 824 753 556', 'INV-000042', '01/05/2026', '15/05/2026',
      'Coastal Coffee Pty Ltd', 'ABN 53 004 085 616', 'BAS preparation \\227 quarter ending 31 March', '1.5', '$823.00', '$1,234.50', '10%',
      'Subtotal \\(ex GST\\)', '$123.45', '$1,357.95', 'Amount paid', '$100.00', 'Balance due', '$1,257.95', 'Thank you for your business.',
    ]) expect(text, s).toContain(`(${s}) Tj`);
    expect(words).toContain('Payment is due within 14 days of the issue date, by 15/05/2026. Please quote INV-000042 with your payment.');
    expect(text).not.toContain(shown('Total price includes GST'));
    expect(text).not.toContain('GST-free');
    expect(text).toContain('/CreationDate (D:20260501000000Z)');
  });

  it('marks GST-free lines, and leaves their GST out', async () => {
    const { text } = await render(invoice([bas, { description: 'ASIC annual review fee (disbursement)', quantityMilli: 1000, unitPriceCents: 32_100, gst: 'gst_free' }]));
    expect(text).toContain(shown('ASIC annual review fee (disbursement)'));
    expect(text).toContain(shown('GST-free'));
    expect(text).toContain(shown('$123.45')); // GST of the taxable line only
    expect(text).toContain(shown('$1,678.95'));
  });

  it('says "Total price includes GST" when prices include GST', async () => {
    const { text } = await render(invoice([{ description: 'Tax return', quantityMilli: 1000, unitPriceCents: 110_000, gst: 'taxable' }], { priceMode: 'inclusive' }));
    expect(text).toContain(shown('Total price includes GST'));
    expect(text).toContain(shown('Unit price (incl. GST)'));
    expect(text).toContain(shown('$100.00')); // 1/11 of $1,100.00
    expect(text).toContain(shown('$1,100.00'));
  });

  it('a firm not registered for GST issues an "Invoice" with no GST', async () => {
    const { text, words } = await render(invoice([bas], { gstRegistered: false }));
    expect(text).toContain(shown('Invoice'));
    expect(text).not.toContain(shown('Tax invoice'));
    expect(text).not.toContain(shown('GST'));
    expect(text).not.toContain(shown('10%'));
    expect(words).toContain('No GST has been charged: Harbourside Accounting Pty Ltd is not registered for GST.');
    expect(text).toContain(shown('$1,234.50'));
  });

  it('an adjustment note names the invoice it adjusts, why, and its effect', async () => {
    const { text, words } = await render(invoice([{ description: 'Credit for duplicated BAS fee', quantityMilli: 1000, unitPriceCents: 20_000, gst: 'taxable' }], {
      kind: 'adjustment_note', number: 'ADJ-000043', adjustment: { originalNumber: 'INV-000042', reason: 'The March BAS was billed twice.' },
      subtotalCents: -20_000, gstCents: -2_000, totalCents: -22_000,
    }));
    for (const s of ['Adjustment note', 'ADJ-000043', 'Adjusts invoice', 'INV-000042', 'Reason for adjustment', 'The March BAS was billed twice.', '-$220.00', 'ABN 51 824 753 556']) {
      expect(text, s).toContain(shown(s));
    }
    expect(words).toContain('This adjustment note reduces the amount payable for invoice INV-000042 by $220.00, including GST of $20.00.');
    expect(text).not.toContain(shown('Balance due'));
  });

  it('a draft says it is not a tax invoice', async () => {
    const { text } = await render(invoice([bas], { status: 'draft', number: null, issueDate: null, dueDate: null }));
    expect(text).toContain('(DRAFT \\227 not a tax invoice) Tj');
    expect(text).not.toContain(shown('Tax invoice'));
  });

  it('sixty lines flow onto further pages, each with the header, and long descriptions wrap', async () => {
    const long = 'Preparation and lodgement of the 2025 company income tax return including reconciliation of the general ledger, depreciation schedule and Division 7A loan review';
    const lines = Array.from({ length: 60 }, (_, i) => ({ description: i === 0 ? long : `Line ${i + 1}`, quantityMilli: 1000, unitPriceCents: 1000 + i, gst: 'taxable' as const }));
    const { text, words, pages } = await render(invoice(lines));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(words).toContain(`Page ${pages} of ${pages}`);
    expect(text.split(shown('Description')).length - 1).toBe(pages); // the table header on every page
    expect(text.split(shown('Tax invoice INV-000042')).length - 1).toBe(pages - 1); // the compact header on every later page
    expect(text).toContain(shown('Line 60'));
    expect(text).not.toContain(shown(long)); // wrapped, not one line
    expect(words).toContain(long);
  });

  it('the same input gives the same bytes, with or without a logo; a WebP logo is left out', async () => {
    const input = invoice([bas], { branding: { colour: '#1D4ED8', logo: PNG, logoContentType: 'image/png' } });
    const a = await renderInvoicePdf(input);
    const b = await renderInvoicePdf(structuredClone(input));
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('/Logo Do');
    const webp = await renderInvoicePdf(invoice([bas], { branding: { colour: '#1D4ED8', logo: Buffer.from('RIFF0000WEBPVP8 '), logoContentType: 'image/webp' } }));
    expect(webp.toString('latin1')).not.toContain('/Logo Do');
  });

  it('characters Helvetica cannot show become "?" instead of failing', async () => {
    const { text } = await render(invoice([{ ...bas, description: 'Advice 🚀 for 日本 (Café)' }]));
    expect(text).toContain('(Advice ? for ?? \\(Caf\\351\\)) Tj');
  });

  it('formats quantities in thousandths', () => {
    expect([1000, 1500, 250, 1_200_125, -1500].map(formatQuantity)).toEqual(['1', '1.5', '0.25', '1,200.125', '-1.5']);
  });
});
