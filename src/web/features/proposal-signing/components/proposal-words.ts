import { invoiceTotals } from '../../../../contracts/gst';
import { type ProposalContent, type ProposalItemKind, proposalItemKinds, type ProposalStatus, proposalStatusLabels } from '../../../../contracts/proposals';
import type { BadgeTone } from '../../../components/Badge';

/** How often a price is charged, as a heading of the totals ("Each quarter"). */
export const periodLabels: Record<ProposalItemKind, string> = { one_off: 'One-off', monthly: 'Each month', quarterly: 'Each quarter', annual: 'Each year' };
/** After an amount: "$495.00 a quarter". */
export const periodSuffix: Record<ProposalItemKind, string> = { one_off: 'once', monthly: 'a month', quarterly: 'a quarter', annual: 'a year' };

export const statusTone: Record<ProposalStatus, BadgeTone> = { draft: 'neutral', sent: 'warning', accepted: 'success', declined: 'danger', withdrawn: 'neutral', expired: 'neutral' };
export const statusLabel = (s: ProposalStatus) => proposalStatusLabels[s];

/**
 * The firm charges GST unless a taxable item with a price shows none (the server priced each item by
 * the firm's registration).
 */
export function chargesGst(content: Pick<ProposalContent, 'items'>): boolean {
  return !content.items.some((i) => i.gst === 'taxable' && i.amountCents >= 10 && i.gstCents === 0);
}

export interface KindTotal {
  kind: ProposalItemKind;
  subtotalCents: number;
  gstCents: number;
  totalCents: number;
}

/** Totals per period for the items counted (required ones, and optional ones ticked), by the one GST rule in gst.ts. */
export function totalsFor(content: Pick<ProposalContent, 'items'>, chosen: ReadonlySet<string>): KindTotal[] {
  const gst = chargesGst(content);
  const counted = content.items.filter((i) => !i.optional || chosen.has(i.id));
  return proposalItemKinds.flatMap((kind) => {
    const lines = counted.filter((i) => i.kind === kind);
    if (lines.length === 0) return [];
    const t = invoiceTotals(lines.map((l) => ({ quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, gst: l.gst })), 'exclusive', gst);
    return [{ kind, subtotalCents: t.subtotalCents, gstCents: t.gstCents, totalCents: t.totalCents }];
  });
}
