import { Link } from 'react-router';
import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { formatDate } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { portalAttachmentUrl, portalServicePath, portalThreadPath } from '../api/keys';
import { AttachmentLinks } from './AttachmentLinks';
import { RequestText } from './RequestText';
import { ServiceRequestStatusBadge } from './ServiceRequestStatusBadge';
import './service-requests.css';

export interface PortalServiceRequestListProps {
  slug: string;
  requests: ReadonlyArray<ServiceRequestDto>;
  firmName: string;
  headingLevel?: 2 | 3;
}

/** "Your requests" in the portal: each request's status, what was asked, and where it went (the conversation, the service, or why it was declined). */
export function PortalServiceRequestList({ slug, requests, firmName, headingLevel = 3 }: PortalServiceRequestListProps) {
  const timeZone = useTimeZone();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="request-list" aria-label="Your requests">
      {requests.map((r) => {
        const titleId = `request-${r.id}-title`;
        return (
          <li key={r.id}>
            <article className="request-card" aria-labelledby={titleId}>
              <div className="request-card-head">
                <Heading id={titleId} className="request-card-title">
                  {r.category}
                </Heading>
                <ServiceRequestStatusBadge status={r.status} />
              </div>
              <p className="request-card-meta">
                Sent <time dateTime={r.createdAt}>{formatDate(r.createdAt, timeZone)}</time> by {r.requestedBy}
              </p>
              <RequestText text={r.description} />
              <AttachmentLinks attachments={r.attachments} hrefOf={(id) => portalAttachmentUrl(slug, id)} />
              {r.status === 'declined' && r.declineReason ? (
                <div className="request-outcome" data-tone="declined">
                  <p className="request-outcome-title">{firmName} declined this request:</p>
                  <RequestText text={r.declineReason} />
                </div>
              ) : null}
              {r.threadId || (r.status === 'accepted' && r.serviceId) ? (
                <p className="request-card-links">
                  {r.status === 'accepted' && r.serviceId ? (
                    <Link to={portalServicePath(r.serviceId)}>
                      Go to the service<span className="visually-hidden"> for {r.category}</span>
                    </Link>
                  ) : null}
                  {r.threadId ? (
                    <Link to={portalThreadPath(r.threadId)}>
                      Read the conversation<span className="visually-hidden"> about {r.category}</span>
                    </Link>
                  ) : null}
                </p>
              ) : null}
            </article>
          </li>
        );
      })}
    </ul>
  );
}
