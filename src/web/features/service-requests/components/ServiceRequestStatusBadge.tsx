import { type ServiceRequestStatus, serviceRequestStatusLabels } from '../../../../contracts/service-requests';
import { Badge } from '../../../components/Badge';
import { serviceRequestStatusTones } from './service-request-labels';

/** The status in the portal's words (staff see the same words the client does). */
export function ServiceRequestStatusBadge({ status }: { status: ServiceRequestStatus }) {
  return <Badge tone={serviceRequestStatusTones[status]}>{serviceRequestStatusLabels[status]}</Badge>;
}
