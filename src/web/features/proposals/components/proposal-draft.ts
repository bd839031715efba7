import type { ClientType } from '../../../../contracts/clients';
import { invoiceTotals } from '../../../../contracts/gst';
import {
  type CreateProposalBody, createProposalBodySchema, type ProposalDetail, type ProposalItemKind, proposalItemKinds, type ProposalTemplate,
} from '../../../../contracts/proposals';
import { type FieldErrors, zodFieldErrors } from '../../../lib/form-errors';
import { formatMoney, formatQuantity, parseDollarsToCents, parseQuantityToMilli } from '../../../lib/format';

/** One item as typed: quantity and price stay text until the draft is saved. */
export interface DraftItem {
  key: string;
  description: string;
  scope: string;
  /** '' for none. */
  serviceTemplateId: string;
  kind: ProposalItemKind;
  quantity: string;
  unitPrice: string;
  gst: 'taxable' | 'gst_free';
  optional: boolean;
}

/** Someone else asked to sign (not a portal user of the client). */
export interface OtherSigner {
  key: string;
  name: string;
  email: string;
}

/** For a prospect (not yet a client): who they are; they become a client when the proposal is accepted. */
export interface ProspectValues {
  name: string;
  type: ClientType;
  /** '' for none. */
  abn: string;
}

export interface ProposalDraftValues {
  /** For one of the firm's clients, or for a prospect. */
  forProspect: boolean;
  prospect: ProspectValues;
  clientId: string;
  title: string;
  intro: string;
  terms: string;
  items: DraftItem[];
  /** The client's portal users asked to sign. */
  portalUserIds: string[];
  others: OtherSigner[];
  /** yyyy-mm-dd */
  expiresOn: string;
  invoiceOnAcceptance: boolean;
}

let nextKey = 0;
const key = (p: string) => {
  nextKey += 1;
  return `${p}-${nextKey}`;
};

export function newItem(over: Partial<Omit<DraftItem, 'key'>> = {}): DraftItem {
  return { key: key('item'), description: '', scope: '', serviceTemplateId: '', kind: 'one_off', quantity: '1', unitPrice: '', gst: 'taxable', optional: false, ...over };
}

export function newOther(): OtherSigner {
  return { key: key('signer'), name: '', email: '' };
}

/** yyyy-mm-dd, `days` from today (the browser's calendar day). */
export function daysFromToday(days: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function blankDraft(clientId: string): ProposalDraftValues {
  return { forProspect: false, prospect: { name: '', type: 'company', abn: '' }, clientId, title: '', intro: '', terms: '', items: [newItem()], portalUserIds: [], others: [], expiresOn: daysFromToday(30), invoiceOnAcceptance: true };
}

/** A template's content over the draft (client and signers are kept). */
export function fromTemplate(values: ProposalDraftValues, t: ProposalTemplate): ProposalDraftValues {
  return {
    ...values,
    title: t.title,
    intro: t.intro,
    terms: t.terms,
    expiresOn: daysFromToday(t.validDays),
    items: t.items.map((i) =>
      newItem({
        description: i.description, scope: i.scope, serviceTemplateId: i.serviceTemplateId ?? '', kind: i.kind,
        quantity: formatQuantity(i.quantityMilli), unitPrice: formatMoney(i.unitPriceCents), gst: i.gst, optional: i.optional,
      }),
    ),
  };
}

export function draftFromProposal(p: ProposalDetail): ProposalDraftValues {
  return {
    forProspect: p.prospect !== null,
    prospect: p.prospect ? { name: p.prospect.name, type: p.prospect.type, abn: p.prospect.abn ?? '' } : { name: '', type: 'company', abn: '' },
    clientId: p.client.id ?? '',
    title: p.content.title,
    intro: p.content.intro,
    terms: p.content.terms,
    items: p.content.items.map((i) =>
      newItem({ description: i.description, scope: i.scope, serviceTemplateId: i.serviceTemplateId ?? '', kind: i.kind, quantity: formatQuantity(i.quantityMilli), unitPrice: formatMoney(i.unitPriceCents), gst: i.gst, optional: i.optional }),
    ),
    portalUserIds: p.signerInputs.flatMap((s) => (s.portalUserId ? [s.portalUserId] : [])),
    others: p.signerInputs.filter((s) => !s.portalUserId).map((s) => ({ key: key('signer'), name: s.name, email: s.email })),
    expiresOn: p.content.expiresOn,
    invoiceOnAcceptance: p.invoiceOnAcceptance,
  };
}

function priceCents(text: string): number | 'negative' | null | 'invalid' {
  if (/^\s*-/.test(text)) return 'negative';
  return parseDollarsToCents(text);
}

export interface PreviewTotal {
  kind: ProposalItemKind;
  subtotalCents: number;
  gstCents: number;
  totalCents: number;
  /** Including every optional item. */
  withOptionalCents: number;
}

/** Per period, by the one GST rule (gst.ts): required items, and with every optional item ticked. Unreadable numbers count as $0.00. */
export function previewTotals(items: ReadonlyArray<DraftItem>, gstRegistered: boolean): { lineCents: Array<number | null>; totals: PreviewTotal[] } {
  const read = items.map((i) => ({ q: parseQuantityToMilli(i.quantity), p: priceCents(i.unitPrice), i }));
  const line = (r: (typeof read)[number]) => ({ quantityMilli: typeof r.q === 'number' ? r.q : 0, unitPriceCents: typeof r.p === 'number' ? r.p : 0, gst: r.i.gst });
  const lineCents = read.map((r) => (typeof r.q === 'number' && typeof r.p === 'number' ? invoiceTotals([line(r)], 'exclusive', gstRegistered).subtotalCents : null));
  const totals = proposalItemKinds.flatMap((kind) => {
    const all = read.filter((r) => r.i.kind === kind);
    if (all.length === 0) return [];
    const required = invoiceTotals(all.filter((r) => !r.i.optional).map(line), 'exclusive', gstRegistered);
    const every = invoiceTotals(all.map(line), 'exclusive', gstRegistered);
    return [{ kind, subtotalCents: required.subtotalCents, gstCents: required.gstCents, totalCents: required.totalCents, withOptionalCents: every.totalCents }];
  });
  return { lineCents, totals };
}

const ITEM_FIELDS: Record<string, string> = { description: 'description', scope: 'scope', serviceTemplateId: 'service', kind: 'charged', quantityMilli: 'quantity', unitPriceCents: 'unit price', gst: 'GST', optional: 'optional' };

/** "Item 2 unit price", "Signer 1 e-mail", "Title". */
export function fieldLabel(name: string): string {
  const fixed: Record<string, string> = { clientId: 'Client', 'prospect.name': 'Prospect name', 'prospect.type': 'Prospect type', 'prospect.abn': 'Prospect ABN', prospect: 'Prospect', title: 'Title', intro: 'Introduction', terms: 'Terms', items: 'Items', signers: 'Signers', expiresOn: 'Expiry date', invoiceOnAcceptance: 'Invoice on acceptance' };
  if (fixed[name]) return fixed[name];
  const item = /^items\.(\d+)\.(\w+)$/.exec(name);
  if (item) return `Item ${Number(item[1]) + 1} ${ITEM_FIELDS[item[2] ?? ''] ?? item[2]}`;
  const signer = /^signers\.(\d+)\.(\w+)$/.exec(name);
  if (signer) return `Signer ${Number(signer[1]) + 1} ${signer[2] === 'email' ? 'e-mail' : signer[2] === 'portalUserId' ? '' : (signer[2] ?? '')}`.trim();
  return name;
}

/** The request body from what was typed, and every problem with it (amounts first, then the contract's rules). */
export function buildBody(values: ProposalDraftValues): { body: CreateProposalBody; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const items = values.items.map((i, n) => {
    const q = parseQuantityToMilli(i.quantity);
    const p = priceCents(i.unitPrice);
    if (q === null) errors[`items.${n}.quantityMilli`] = 'is required';
    else if (q === 'invalid') errors[`items.${n}.quantityMilli`] = 'must be a number with up to 3 decimal places, e.g. 1.5';
    if (p === null) errors[`items.${n}.unitPriceCents`] = 'is required';
    else if (p === 'negative') errors[`items.${n}.unitPriceCents`] = 'must be $0 or more';
    else if (p === 'invalid') errors[`items.${n}.unitPriceCents`] = 'must be an amount in dollars and cents, e.g. $1,234.50';
    return {
      description: i.description, scope: i.scope, serviceTemplateId: i.serviceTemplateId === '' ? null : i.serviceTemplateId, kind: i.kind,
      quantityMilli: typeof q === 'number' ? q : 1000, unitPriceCents: typeof p === 'number' ? p : 0, gst: i.gst, optional: i.optional,
    };
  });
  // A prospect has no portal users yet: only people by name and e-mail sign.
  const signers: CreateProposalBody['signers'] = [...(values.forProspect ? [] : values.portalUserIds.map((portalUserId) => ({ portalUserId }))), ...values.others.map((o) => ({ name: o.name, email: o.email.trim() }))];
  const party = values.forProspect ? { prospect: { name: values.prospect.name, type: values.prospect.type, abn: values.prospect.abn } } : { clientId: values.clientId };
  const body: CreateProposalBody = { ...party, title: values.title, intro: values.intro, terms: values.terms, items, signers, expiresOn: values.expiresOn, invoiceOnAcceptance: values.invoiceOnAcceptance };
  const parsed = createProposalBodySchema.safeParse(body);
  const schemaErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (schemaErrors.clientId) schemaErrors.clientId = 'is required: choose who the proposal is for';
  if (schemaErrors.expiresOn) schemaErrors.expiresOn = 'is required: choose the last day it can be signed';
  // Someone else's row n is signer (portal users + n): say it next to their fields.
  return { body, errors: { ...schemaErrors, ...errors } };
}

/** The unit price as a person reads it once they leave the box: "1234.5" → "$1,234.50". */
export function tidyPrice(text: string): string {
  const cents = parseDollarsToCents(text);
  return typeof cents === 'number' ? formatMoney(cents) : text;
}
