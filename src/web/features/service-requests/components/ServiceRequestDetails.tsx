import { Link } from 'react-router';
import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { formatDateAndTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { staffAttachmentUrl } from '../api/keys';
import { AttachmentLinks } from './AttachmentLinks';
import { RequestText } from './RequestText';
import { ServiceRequestStatusBadge } from './ServiceRequestStatusBadge';
import './service-requests.css';

/** What the client asked for: whose, who and when, where it stands, their words and their documents. */
export function ServiceRequestDetails({ request }: { request: ServiceRequestDto }) {
  const timeZone = useTimeZone();
  return (
    <div className="stack">
      <dl className="details">
        <div>
          <dt>Client</dt>
          <dd>
            <Link to={`/app/clients/${request.client.id}`}>{request.client.name}</Link>
          </dd>
        </div>
        <div>
          <dt>Requested by</dt>
          <dd>{request.requestedBy}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>
            <time dateTime={request.createdAt}>{formatDateAndTime(request.createdAt, timeZone)}</time>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <ServiceRequestStatusBadge status={request.status} />
          </dd>
        </div>
      </dl>
      <section className="request-description" aria-label="What they need">
        <h3 className="request-subtitle">What they need</h3>
        <RequestText text={request.description} />
      </section>
      {request.attachments.length > 0 ? (
        <section className="stack-sm" aria-label="Documents">
          <h3 className="request-subtitle">Documents</h3>
          <AttachmentLinks attachments={request.attachments} hrefOf={staffAttachmentUrl} />
        </section>
      ) : null}
    </div>
  );
}
