import type { StaffRole } from '../../../../contracts/auth';
import type { StaffMember } from '../../../../contracts/staff';
import type { BadgeTone } from '../../../components/Badge';

export const roleLabels: Record<StaffRole, string> = { owner: 'Owner', admin: 'Admin', staff: 'Staff' };

export const roleDescriptions: Record<StaffRole, string> = {
  owner: 'Everything, including transferring ownership',
  admin: 'Manages the team, firm settings and the audit log',
  staff: 'Works with clients',
};

export const staffStatusLabels: Record<StaffMember['status'], { label: string; tone: BadgeTone }> = {
  invited: { label: 'Invited', tone: 'info' },
  active: { label: 'Active', tone: 'success' },
  disabled: { label: 'Disabled', tone: 'danger' },
};
