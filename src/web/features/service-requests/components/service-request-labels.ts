import { type ServiceRequestStatus, serviceRequestStatuses, serviceRequestStatusLabels } from '../../../../contracts/service-requests';
import type { BadgeTone } from '../../../components/Badge';
import type { SelectOption } from '../../../components/Select';

export const serviceRequestStatusTones: Record<ServiceRequestStatus, BadgeTone> = {
  submitted: 'warning',
  in_discussion: 'info',
  proposed: 'info',
  accepted: 'success',
  declined: 'neutral',
};

export const serviceRequestStatusOptions: SelectOption<ServiceRequestStatus>[] = serviceRequestStatuses.map((s) => ({ id: s, label: serviceRequestStatusLabels[s] }));

/** Still waiting for the firm to decide (a reply keeps it open). */
export const isOpenRequest = (status: ServiceRequestStatus) => status === 'submitted' || status === 'in_discussion';
