import { type ProposalItemKind, proposalItemKindLabels, type ProposalStatus, proposalStatuses, proposalStatusLabels } from '../../../../contracts/proposals';
import type { BadgeTone } from '../../../components/Badge';
import type { SelectOption } from '../../../components/Select';

export const kindOptions: SelectOption<ProposalItemKind>[] = (Object.keys(proposalItemKindLabels) as ProposalItemKind[]).map((k) => ({ id: k, label: proposalItemKindLabels[k] }));
export const gstOptions: SelectOption<'taxable' | 'gst_free'>[] = [
  { id: 'taxable', label: 'GST applies' },
  { id: 'gst_free', label: 'GST-free' },
];
export const statusOptions: SelectOption[] = proposalStatuses.map((s) => ({ id: s, label: proposalStatusLabels[s] }));
export const statusTone: Record<ProposalStatus, BadgeTone> = { draft: 'neutral', sent: 'warning', accepted: 'success', declined: 'danger', withdrawn: 'neutral', expired: 'neutral' };
/** "Each quarter" (totals) and "a quarter" (after a price). */
export const periodLabels: Record<ProposalItemKind, string> = { one_off: 'One-off', monthly: 'Each month', quarterly: 'Each quarter', annual: 'Each year' };
