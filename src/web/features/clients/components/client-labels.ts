import type { PortalUserStatus } from '../../../../contracts/clients';
import type { OutboxEmail } from '../../../../contracts/clients';
import type { BadgeTone } from '../../../components/Badge';

export const portalUserStatusLabels: Record<PortalUserStatus, { label: string; tone: BadgeTone }> = {
  not_invited: { label: 'Not invited', tone: 'neutral' },
  invited: { label: 'Invited', tone: 'info' },
  active: { label: 'Active', tone: 'success' },
  disabled: { label: 'Disabled', tone: 'danger' },
};

export const emailStatusLabels: Record<OutboxEmail['status'], { label: string; tone: BadgeTone }> = {
  pending: { label: 'Pending', tone: 'warning' },
  sending: { label: 'Pending', tone: 'warning' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Not needed', tone: 'neutral' },
};

/** Types that can hold an ACN (a company, or a trust/SMSF with a corporate trustee). */
export const typesWithAcn: ReadonlySet<string> = new Set(['company', 'trust', 'smsf']);
