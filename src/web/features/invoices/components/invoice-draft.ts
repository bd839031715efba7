import { z } from 'zod';
import { createAdjustmentBodySchema, createInvoiceBodySchema, type CreateInvoiceBody, type InvoiceDto } from '../../../../contracts/invoices';
import { type InvoiceTotals, invoiceTotals, type PriceMode } from '../../../../contracts/gst';
import { type FieldErrors, zodFieldErrors } from '../../../lib/form-errors';
import { formatQuantity, parseDollarsToCents, parseQuantityToMilli } from '../../../lib/format';
import { formatAud } from '../../../../contracts/gst';

/** One line as typed: quantity and price are the text in their boxes until the draft is saved. */
export interface DraftLine {
  /** Stable across removals, for React keys only. */
  key: string;
  description: string;
  /** '' for no linked service. */
  serviceId: string;
  quantity: string;
  unitPrice: string;
  gst: 'taxable' | 'gst_free';
}

export interface DraftValues {
  clientId: string;
  priceMode: PriceMode;
  /** yyyy-mm-dd, or '' for the firm's terms from the issue date. */
  dueDate: string;
  notes: string;
  lines: DraftLine[];
}

let nextKey = 0;
export function newLine(over: Partial<Omit<DraftLine, 'key'>> = {}): DraftLine {
  nextKey += 1;
  return { key: `line-${nextKey}`, description: '', serviceId: '', quantity: '1', unitPrice: '', gst: 'taxable', ...over };
}

export function emptyDraft(clientId: string): DraftValues {
  return { clientId, priceMode: 'exclusive', dueDate: '', notes: '', lines: [newLine()] };
}

export function draftFromInvoice(invoice: InvoiceDto): DraftValues {
  return {
    clientId: invoice.client.id,
    priceMode: invoice.priceMode,
    dueDate: invoice.dueDate ?? '',
    notes: invoice.notes,
    lines: invoice.lines.map((l) =>
      newLine({ description: l.description, serviceId: l.serviceId ?? '', quantity: formatQuantity(l.quantityMilli), unitPrice: formatAud(l.unitPriceCents), gst: l.gst }),
    ),
  };
}

/** What a draft says, ignoring React keys: to tell whether anything changed since it was saved. */
export function draftSignature(v: DraftValues): string {
  return JSON.stringify({ ...v, lines: v.lines.map(({ key: _key, ...rest }) => ({ ...rest, unitPrice: parseDollarsToCents(rest.unitPrice), quantity: parseQuantityToMilli(rest.quantity) })) });
}

function priceCents(text: string): number | 'negative' | null | 'invalid' {
  if (/^\s*-/.test(text)) return 'negative';
  return parseDollarsToCents(text);
}

/** The preview of the totals by the one GST rule; lines whose numbers cannot be read yet count as $0.00. */
export function previewTotals(values: Pick<DraftValues, 'priceMode' | 'lines'>, gstRegistered: boolean): InvoiceTotals & { readable: boolean[] } {
  const parsed = values.lines.map((l) => ({ q: parseQuantityToMilli(l.quantity), p: priceCents(l.unitPrice), gst: l.gst }));
  const readable = parsed.map((l) => typeof l.q === 'number' && typeof l.p === 'number');
  const totals = invoiceTotals(
    parsed.map((l, i) => ({ quantityMilli: readable[i] ? (l.q as number) : 0, unitPriceCents: readable[i] ? (l.p as number) : 0, gst: l.gst })),
    values.priceMode,
    gstRegistered,
  );
  return { ...totals, readable };
}

/** The words for a field of the draft, for messages and the error summary ("Line 2 unit price"). */
export function draftFieldLabel(name: string): string {
  const fixed: Record<string, string> = { clientId: 'Client', reason: 'Reason', priceMode: 'Prices', dueDate: 'Due date', notes: 'Notes', lines: 'Lines' };
  if (fixed[name]) return fixed[name];
  const m = /^lines\.(\d+)\.(\w+)$/.exec(name);
  if (!m) return name;
  const field: Record<string, string> = { description: 'description', serviceId: 'service', quantityMilli: 'quantity', unitPriceCents: 'unit price', gst: 'GST' };
  return `Line ${Number(m[1]) + 1} ${field[m[2] ?? ''] ?? m[2]}`;
}

/**
 * The lines as the API takes them, and what is wrong with the amounts typed as text (with reasons
 * people can act on). Unreadable numbers get placeholders that pass, so the contract then reports
 * only what else is wrong with the line.
 */
function readLines(lines: ReadonlyArray<DraftLine>): { lines: CreateInvoiceBody['lines']; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read = lines.map((l, i) => {
    const q = parseQuantityToMilli(l.quantity);
    const p = priceCents(l.unitPrice);
    if (q === null) errors[`lines.${i}.quantityMilli`] = 'is required';
    else if (q === 'invalid') errors[`lines.${i}.quantityMilli`] = /^\s*-/.test(l.quantity) ? 'must be more than 0' : 'must be a number with up to 3 decimal places, e.g. 1.5';
    if (p === null) errors[`lines.${i}.unitPriceCents`] = 'is required';
    else if (p === 'negative') errors[`lines.${i}.unitPriceCents`] = 'must be $0 or more';
    else if (p === 'invalid') errors[`lines.${i}.unitPriceCents`] = 'must be an amount in dollars and cents, e.g. $1,234.50';
    return {
      description: l.description,
      serviceId: l.serviceId === '' ? null : l.serviceId,
      quantityMilli: typeof q === 'number' ? q : 1000,
      unitPriceCents: typeof p === 'number' ? p : 0,
      gst: l.gst,
    };
  });
  return { lines: read, errors };
}

/**
 * The request body from what was typed, and every problem with it: the amounts typed as text are
 * read first (with reasons people can act on), then the contract's own rules apply to the rest.
 */
export function buildDraftBody(values: DraftValues): { body: CreateInvoiceBody; errors: FieldErrors } {
  const { lines, errors: textErrors } = readLines(values.lines);
  const body: CreateInvoiceBody = { clientId: values.clientId, priceMode: values.priceMode, dueDate: values.dueDate === '' ? null : values.dueDate, notes: values.notes, lines };
  const parsed = createInvoiceBodySchema.safeParse(body);
  const schemaErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (schemaErrors.clientId) schemaErrors.clientId = 'is required: choose who the invoice is for';
  return { body, errors: inFormOrder({ ...schemaErrors, ...textErrors }) };
}

/** An adjustment note as typed: why, and its lines (priced like the invoice it adjusts). */
export interface AdjustmentValues {
  reason: string;
  lines: DraftLine[];
}

/** The contract's rules, with the reason's length said after its label ("Reason must be at most …"). */
const adjustmentFormSchema = createAdjustmentBodySchema.extend({ reason: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters') });

/** The adjustment note's body and every problem with it, read the same way as a draft's. */
export function buildAdjustmentBody(values: AdjustmentValues): { body: z.input<typeof createAdjustmentBodySchema>; errors: FieldErrors } {
  const { lines, errors: textErrors } = readLines(values.lines);
  const body = { reason: values.reason, lines };
  const parsed = adjustmentFormSchema.safeParse(body);
  const schemaErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  return { body, errors: inFormOrder({ ...schemaErrors, ...textErrors }) };
}

const TOP = ['clientId', 'reason', 'priceMode', 'dueDate', 'notes', 'lines'];
const LINE = ['description', 'serviceId', 'quantityMilli', 'unitPriceCents', 'gst'];

function rank(name: string): number {
  const m = /^lines\.(\d+)\.(\w+)$/.exec(name);
  if (m) return 100 + Number(m[1]) * 10 + LINE.indexOf(m[2] ?? '');
  const top = TOP.indexOf(name);
  return top === -1 ? 99 : top;
}

/** Problems listed in the order the fields appear on screen. */
export function inFormOrder(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The unit price as a person reads it once they leave the box: "1234.5" → "$1,234.50". */
export function tidyPrice(text: string): string {
  const cents = parseDollarsToCents(text);
  return typeof cents === 'number' ? formatAud(cents) : text;
}

