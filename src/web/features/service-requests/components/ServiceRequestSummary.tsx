import { Link } from 'react-router';
import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { formatDate } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { portalProposalPath, portalRequestServicePath } from '../api/keys';
import { proposalLinkLabel } from './PortalServiceRequestList';
import { ServiceRequestStatusBadge } from './ServiceRequestStatusBadge';
import './service-requests.css';

/** On the portal dashboard: the latest requests, one line each with its status (and the proposal waiting for them), and the way to all of them. */
export function ServiceRequestSummary({ requests, limit = 3 }: { requests: ReadonlyArray<ServiceRequestDto>; limit?: number }) {
  const timeZone = useTimeZone();
  return (
    <div className="card card-body stack">
      <ul className="request-summary-list" aria-label="Your latest requests">
        {requests.slice(0, limit).map((r) => (
          <li key={r.id}>
            <span className="request-summary-name">
              {r.category}
              <span className="request-summary-date">
                <span className="visually-hidden">, </span>Sent {formatDate(r.createdAt, timeZone)}
              </span>
            </span>
            <span className="request-summary-status">
              <ServiceRequestStatusBadge status={r.status} />
              {r.proposalId && r.status === 'proposed' ? (
                <Link to={portalProposalPath(r.proposalId)}>
                  {proposalLinkLabel(r)}
                  <span className="visually-hidden"> for {r.category}</span>
                </Link>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <Link to={`${portalRequestServicePath}#your-requests`}>{requests.length > limit ? `See all ${requests.length} requests` : 'See your requests'}</Link>
      </p>
    </div>
  );
}
