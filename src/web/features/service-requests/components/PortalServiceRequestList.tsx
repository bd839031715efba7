import { Link } from 'react-router';
import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { formatDate } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { portalAttachmentUrl, portalProposalPath, portalServicePath, portalThreadPath } from '../api/keys';
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

/** "Review the proposal" while it waits for the client's signature; "Open the proposal" once decided. */
export const proposalLinkLabel = (r: ServiceRequestDto) => (r.proposalStatus === 'sent' ? 'Review the proposal' : 'Open the proposal');

/** "Your requests" in the portal: each request's status, what was asked, and where it went (the proposal, the conversation, the service, or why it was declined). */
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
              {r.status === 'proposed' && r.proposalStatus === 'sent' ? (
                <div className="request-outcome" data-tone="proposed">
                  <p className="request-outcome-title">{firmName} sent you a proposal for this request.</p>
                  <p>Review it, then accept and sign it or decline it.</p>
                </div>
              ) : null}
              {r.proposalId || r.threadId || (r.status === 'accepted' && r.serviceId) ? (
                <p className="request-card-links">
                  {r.proposalId ? (
                    <Link to={portalProposalPath(r.proposalId)}>
                      {proposalLinkLabel(r)}
                      <span className="visually-hidden"> for {r.category}</span>
                    </Link>
                  ) : null}
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
