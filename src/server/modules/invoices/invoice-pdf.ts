import { rgb, type Color } from 'pdf-lib';
import { formatAud } from '../../../contracts/gst.js';
import { formatAbn } from '../../../contracts/identifiers.js';
import type { InvoiceDto } from '../../../contracts/invoices.js';
import type { InvoiceSnapshot } from '../../db/schema/index.js';
import { invoiceTitle } from './invoice-status.js';
import { PAGE_HEIGHT, PAGE_WIDTH, PdfCanvas, type TextStyle } from './pdf-canvas.js';

/**
 * The PDF of an invoice or adjustment note, with what the ATO requires a tax invoice to show
 * (shared/domain §2.2, §2.3): the title, the firm's name and ABN, the issue date, each line with
 * quantity, price and whether it is GST-free, the GST (or "Total price includes GST"), and the
 * client's name and ABN. It is drawn only from the invoice as frozen at issue — plus the firm's
 * current colour and logo — and the same input gives the same bytes.
 */

export type InvoicePdfLine = Pick<InvoiceDto['lines'][number], 'description' | 'quantityMilli' | 'unitPriceCents' | 'gst' | 'amountCents'>;

export interface InvoicePdfInput {
  kind: 'invoice' | 'adjustment_note';
  status: 'draft' | 'issued' | 'void';
  number: string | null;
  gstRegistered: boolean;
  priceMode: 'exclusive' | 'inclusive';
  issueDate: string | null;
  dueDate: string | null;
  notes: string;
  subtotalCents: number;
  gstCents: number;
  totalCents: number;
  paidCents: number;
  lines: InvoicePdfLine[];
  /** Who it is from and to: the snapshot taken at issue (for a draft, today's details). */
  parties: InvoiceSnapshot;
  /** For an adjustment note: the invoice it adjusts, and why. */
  adjustment: { originalNumber: string | null; reason: string | null } | null;
  branding: { colour: string; logo: Uint8Array | null; logoContentType: string | null };
}

const M = 42;
const RIGHT = PAGE_WIDTH - M;
const TOP = PAGE_HEIGHT - M;
/** Content stops here; the footer sits below. */
const BOTTOM = M + 30;
const INK = rgb(0.13, 0.15, 0.18);
const MUTED = rgb(0.4, 0.43, 0.47);
const RULE = rgb(0.82, 0.84, 0.86);
const RED = rgb(0.72, 0.11, 0.11);
const WHITE = rgb(1, 1, 1);

const body: TextStyle = { font: 'regular', size: 9.5, color: INK };
const bold: TextStyle = { ...body, font: 'bold' };
const small: TextStyle = { font: 'regular', size: 8, color: MUTED };

/** "2026-05-01" → "01/05/2026". */
export const formatIsoDate = (iso: string) => iso.split('-').reverse().join('/');

/** Thousandths → "1", "1.5", "1,200.125" (and "-1.5"). */
export function formatQuantity(milli: number): string {
  const abs = Math.abs(milli);
  const frac = String(abs % 1000).padStart(3, '0').replace(/0+$/, '');
  const whole = Math.trunc(abs / 1000).toLocaleString('en-AU');
  return `${milli < 0 ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
}

/** The firm's colour, and whether text may be set in it on white (else ink is used). */
function theme(hex: string) {
  const v = Number.parseInt(/^#?([0-9a-f]{6})$/i.exec(hex.trim())?.[1] ?? '0F766E', 16);
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => c / 255) as [number, number, number];
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const dark = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) < 0.3;
  const brand = rgb(r, g, b);
  return { brand, brandText: dark ? brand : INK, onBrand: dark ? WHITE : INK };
}

function documentTitle(inv: InvoicePdfInput): string {
  if (inv.status !== 'draft') return invoiceTitle(inv.kind, inv.gstRegistered);
  if (inv.kind === 'adjustment_note') return 'DRAFT — not an adjustment note';
  return inv.gstRegistered ? 'DRAFT — not a tax invoice' : 'DRAFT — not an invoice';
}

class InvoiceLayout {
  private y = TOP;
  private inTable = false;
  private readonly title: string;
  private readonly t: ReturnType<typeof theme>;
  private readonly adjusting: boolean;
  private readonly cols: { qty: number; unit: number; gst: number; amount: number; descWidth: number };

  constructor(private readonly c: PdfCanvas, private readonly inv: InvoicePdfInput) {
    this.title = documentTitle(inv);
    this.t = theme(inv.branding.colour);
    this.adjusting = inv.kind === 'adjustment_note';
    const amount = RIGHT - 6;
    const gst = inv.gstRegistered ? amount - 90 : amount;
    const unit = gst - (inv.gstRegistered ? 58 : 90);
    const qty = unit - 92;
    this.cols = { qty, unit, gst, amount, descWidth: qty - 44 - (M + 6) };
  }

  draw(): void {
    this.c.newPage();
    this.firstHeader();
    this.parties();
    this.table();
    this.totals();
    this.terms();
    this.notes();
    this.footers();
  }

  /** Room for `height` more points on this page, or a new page with the header repeated. */
  private ensure(height: number): void {
    if (this.y - height >= BOTTOM) return;
    this.c.newPage();
    this.continuationHeader();
    if (this.inTable) this.tableHeader();
  }

  private firstHeader(): void {
    const { c, inv, t } = this;
    c.rect(0, PAGE_HEIGHT - 6, PAGE_WIDTH, 6, t.brand);
    let left = TOP - c.logoAt(M, TOP, 170, 60);
    if (!c.hasLogo) {
      for (const line of c.wrap(inv.parties.firm.tradingName ?? inv.parties.firm.legalName, 240, { ...bold, size: 15 }).slice(0, 3)) {
        left -= 18;
        c.text(line, M, left + 4, { ...bold, size: 15, color: t.brandText });
      }
    }
    c.text(this.title, RIGHT, TOP - 18, { ...bold, size: 20, color: inv.status === 'draft' ? RED : t.brandText, align: 'right' });
    const meta: [string, string][] = [
      [this.adjusting ? 'Adjustment note number' : 'Invoice number', inv.number ?? 'Not yet issued'],
      ...(inv.adjustment ? [['Adjusts invoice', inv.adjustment.originalNumber ?? '—'] as [string, string]] : []),
      ['Issue date', inv.issueDate ? formatIsoDate(inv.issueDate) : 'Not yet issued'],
      ...(this.adjusting ? [] : [['Due date', inv.dueDate ? formatIsoDate(inv.dueDate) : 'Set when issued'] as [string, string]]),
    ];
    let right = TOP - 28;
    for (const [label, value] of meta) {
      right -= 14;
      c.text(label, RIGHT - 200, right, { ...body, color: MUTED });
      c.text(value, RIGHT, right, { ...bold, align: 'right' });
    }
    if (inv.status === 'void') {
      right -= 18;
      c.text('VOID — cancelled, not payable', RIGHT, right, { ...bold, size: 11, color: RED, align: 'right' });
    }
    this.y = Math.min(left, right) - 26;
  }

  private continuationHeader(): void {
    const { c, inv, t } = this;
    c.rect(0, PAGE_HEIGHT - 6, PAGE_WIDTH, 6, t.brand);
    if (c.logoAt(M, TOP, 110, 28) === 0) c.text(inv.parties.firm.tradingName ?? inv.parties.firm.legalName, M, TOP - 14, { ...bold, size: 12, color: t.brandText });
    c.text(`${this.title} ${inv.number ?? ''}`.trim(), RIGHT, TOP - 14, { ...bold, size: 12, color: inv.status === 'draft' ? RED : t.brandText, align: 'right' });
    c.text('continued', RIGHT, TOP - 27, { ...small, align: 'right' });
    this.y = TOP - 48;
  }

  /** From (the firm, with its ABN) and To (the client, with its ABN when known), side by side. */
  private parties(): void {
    const { c, inv } = this;
    const { firm, client } = inv.parties;
    const half = (RIGHT - M) / 2;
    const column = (x: number, label: string, name: string, rest: (string | null | false)[]) => {
      let y = this.y;
      c.text(label, x, y, { ...small, font: 'bold' });
      y -= 14;
      for (const line of c.wrap(name, half - 16, { ...bold, size: 10.5 })) {
        c.text(line, x, y, { ...bold, size: 10.5 });
        y -= 13;
      }
      for (const item of rest.filter((s): s is string => Boolean(s))) {
        for (const line of c.wrap(item, half - 16, body)) {
          c.text(line, x, y, body);
          y -= 12.5;
        }
      }
      return y;
    };
    const fromY = column(M, 'FROM', firm.legalName, [
      firm.tradingName && firm.tradingName !== firm.legalName && `Trading as ${firm.tradingName}`,
      firm.abn && `ABN ${formatAbn(firm.abn)}`, firm.supportEmail, firm.supportPhone,
    ]);
    const toY = column(M + half + 8, 'TO', client.name, [client.abn && `ABN ${formatAbn(client.abn)}`, client.email]);
    this.y = Math.min(fromY, toY) - 12;
    if (inv.adjustment) {
      this.y -= 4;
      c.text('Reason for adjustment', M, this.y, bold);
      this.y -= 13;
      this.paragraph(inv.adjustment.reason ?? '—', M, RIGHT - M, body, 12.5);
    }
    this.y -= 10;
  }

  private tableHeader(): void {
    const { c, cols, inv, t } = this;
    const style: TextStyle = { ...bold, size: 8, color: t.onBrand };
    const basis = !inv.gstRegistered ? '' : inv.priceMode === 'exclusive' ? ' (ex GST)' : ' (incl. GST)';
    c.rect(M, this.y - 20, RIGHT - M, 20, t.brand);
    const base = this.y - 13.5;
    c.text('Description', M + 6, base, style);
    c.text('Qty', cols.qty, base, { ...style, align: 'right' });
    c.text(`Unit price${basis}`, cols.unit, base, { ...style, align: 'right' });
    if (inv.gstRegistered) c.text('GST', cols.gst, base, { ...style, align: 'right' });
    c.text(`Amount${basis}`, cols.amount, base, { ...style, align: 'right' });
    this.y -= 24;
  }

  private table(): void {
    const { c, cols, inv } = this;
    this.ensure(60);
    this.inTable = true;
    this.tableHeader();
    for (const line of inv.lines) {
      const desc = c.wrap(line.description, cols.descWidth, body);
      const height = desc.length * 12 + 8;
      this.ensure(height);
      const base = this.y - 11;
      desc.forEach((text, i) => c.text(text, M + 6, base - i * 12, body));
      c.text(formatQuantity(line.quantityMilli), cols.qty, base, { ...body, align: 'right' });
      c.text(formatAud(line.unitPriceCents), cols.unit, base, { ...body, align: 'right' });
      // Requirement 7 of §2.2: the extent to which each line is taxable.
      if (inv.gstRegistered) c.text(line.gst === 'gst_free' ? 'GST-free' : '10%', cols.gst, base, { ...(line.gst === 'gst_free' ? bold : body), align: 'right' });
      c.text(formatAud(line.amountCents), cols.amount, base, { ...body, align: 'right' });
      this.y -= height;
      c.line(M, this.y, RIGHT, this.y, RULE);
    }
    this.inTable = false;
    this.y -= 16;
  }

  private totals(): void {
    const { c, inv, t } = this;
    const adj = this.adjusting;
    const rows: [string, number, boolean][] = inv.gstRegistered
      ? [[adj ? 'Adjustment (ex GST)' : 'Subtotal (ex GST)', inv.subtotalCents, false], [adj ? 'GST adjustment' : 'GST', inv.gstCents, false], [adj ? 'Total adjustment (incl. GST)' : 'Total (incl. GST)', inv.totalCents, true]]
      : [[adj ? 'Total adjustment' : 'Total', inv.totalCents, true]];
    if (!adj) rows.push(['Amount paid', inv.paidCents, false]);
    const statements = [
      inv.gstRegistered && inv.priceMode === 'inclusive' && 'Total price includes GST',
      inv.gstRegistered && inv.lines.some((l) => l.gst === 'gst_free') && 'Lines marked GST-free carry no GST.',
      !inv.gstRegistered && `No GST has been charged: ${inv.parties.firm.legalName} is not registered for GST.`,
      adj && inv.totalCents !== 0 && this.adjustmentEffect(),
    ].filter((s): s is string => Boolean(s));
    const x = RIGHT - 236;
    const wrapped = statements.flatMap((s) => c.wrap(s, RIGHT - x, small));
    this.ensure(rows.length * 16 + (adj ? 0 : 28) + wrapped.length * 11 + 8);
    for (const [label, cents, strong] of rows) {
      this.y -= 16;
      c.text(label, x, this.y, strong ? bold : body);
      c.text(formatAud(cents), this.cols.amount, this.y, { ...(strong ? bold : body), align: 'right' });
    }
    if (!adj) {
      this.y -= 28;
      c.rect(x - 6, this.y - 7, RIGHT - x + 6, 23, t.brand);
      const style: TextStyle = { ...bold, size: 11, color: t.onBrand };
      c.text('Balance due', x, this.y, style);
      c.text(formatAud(inv.status === 'void' ? 0 : Math.max(0, inv.totalCents - inv.paidCents)), this.cols.amount, this.y, { ...style, align: 'right' });
      this.y -= 8;
    }
    for (const line of wrapped) {
      this.y -= 11;
      c.text(line, x, this.y, small);
    }
    this.y -= 18;
  }

  /** The effect the adjustment-note determination asks for: which way, and by how much. */
  private adjustmentEffect(): string {
    const { inv } = this;
    const of = inv.adjustment?.originalNumber ? ` for invoice ${inv.adjustment.originalNumber}` : '';
    const gst = inv.gstRegistered ? `, including GST of ${formatAud(Math.abs(inv.gstCents))}` : '';
    // Adjustment notes are decreasing adjustments (credits): their amounts are stored positive.
    return `This adjustment note reduces the amount payable${of} by ${formatAud(Math.abs(inv.totalCents))}${gst}.`;
  }

  private terms(): void {
    const { inv } = this;
    if (this.adjusting) return;
    const lines: string[] = [];
    if (inv.status === 'void') lines.push('This invoice has been voided and is not payable.');
    else if (inv.issueDate && inv.dueDate) {
      const days = Math.round((Date.parse(inv.dueDate) - Date.parse(inv.issueDate)) / 86_400_000);
      lines.push(days === 0 ? `Payment is due on the issue date, ${formatIsoDate(inv.dueDate)}.` : `Payment is due within ${days} day${days === 1 ? '' : 's'} of the issue date, by ${formatIsoDate(inv.dueDate)}.`);
    } else lines.push(inv.dueDate ? `Payment is due by ${formatIsoDate(inv.dueDate)}.` : 'The due date is set when the invoice is issued.');
    if (inv.status === 'issued' && inv.paidCents >= inv.totalCents) lines.push('Paid in full — thank you.');
    else if (inv.number && inv.status !== 'void') lines.push(`Please quote ${inv.number} with your payment.`);
    this.section('Payment terms', lines.join(' '));
  }

  private notes(): void {
    if (this.inv.notes.trim() !== '') this.section('Notes', this.inv.notes);
  }

  private section(heading: string, text: string): void {
    this.ensure(34);
    this.c.text(heading, M, this.y, { ...bold, size: 10.5 });
    this.y -= 14;
    this.paragraph(text, M, RIGHT - M, body, 12.5);
    this.y -= 12;
  }

  /** Wrapped text that flows onto further pages, line by line. */
  private paragraph(text: string, x: number, width: number, style: TextStyle, lineHeight: number): void {
    for (const line of this.c.wrap(text, width, style)) {
      this.ensure(lineHeight);
      this.c.text(line, x, this.y, style);
      this.y -= lineHeight;
    }
  }

  private footers(): void {
    const { c, inv } = this;
    const { firm } = inv.parties;
    const who = `${firm.legalName}${firm.abn ? ` · ABN ${formatAbn(firm.abn)}` : ''}`;
    for (let i = 0; i < c.pageCount; i++) {
      c.onPage(i);
      c.line(M, M + 16, RIGHT, M + 16, RULE);
      c.text(who, M, M + 4, small);
      c.text(`${inv.number ?? 'Draft'} · Page ${i + 1} of ${c.pageCount}`, RIGHT, M + 4, { ...small, align: 'right' });
    }
  }
}

/** The invoice's PDF (A4). Its dates are the issue date, so an issued invoice's file does not change with the clock. */
export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const canvas = await PdfCanvas.create(input.branding.logo ? { bytes: input.branding.logo, contentType: input.branding.logoContentType } : null);
  new InvoiceLayout(canvas, input).draw();
  return canvas.save({
    title: `${documentTitle(input)} ${input.number ?? ''}`.trim(),
    author: input.parties.firm.legalName,
    date: new Date(`${input.issueDate ?? '2000-01-01'}T00:00:00Z`),
  });
}
