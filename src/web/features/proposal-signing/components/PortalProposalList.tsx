import { Link } from 'react-router';
import type { z } from 'zod';
import type { portalProposalListSchema } from '../../../../contracts/proposals';
import { formatCalendarDate, formatDate } from '../../../lib/format';
import { portalProposalPath } from '../api/keys';
import { ProposalStatusBadge } from './ProposalStatusBadge';
import './proposal-signing.css';

type PortalProposalSummary = z.infer<typeof portalProposalListSchema>['items'][number];

/** The client's proposals: title, status, when it was sent and until when it is open, and what to do. */
export function PortalProposalList({ proposals, timeZone }: { proposals: ReadonlyArray<PortalProposalSummary>; timeZone: string }) {
  return (
    <ul className="portal-proposal-list" aria-label="Proposals">
      {proposals.map((p) => {
        const headingId = `proposal-${p.id}-title`;
        return (
          <li key={p.id} className="portal-proposal" data-can-sign={p.canSign || undefined}>
            <article aria-labelledby={headingId} className="portal-proposal-body">
              <div className="portal-proposal-head">
                <h2 id={headingId} className="portal-proposal-title">
                  <Link to={portalProposalPath(p.id)}>{p.title}</Link>
                </h2>
                <ProposalStatusBadge status={p.status} />
              </div>
              <dl className="portal-proposal-facts">
                {p.sentAt ? (
                  <div>
                    <dt>Sent</dt>
                    <dd>{formatDate(p.sentAt, timeZone)}</dd>
                  </div>
                ) : null}
                <div>
                  <dt>Open until</dt>
                  <dd>{formatCalendarDate(p.expiresOn)}</dd>
                </div>
              </dl>
              <div className="portal-proposal-actions">
                <Link to={portalProposalPath(p.id)} className={`btn btn-sm ${p.canSign ? 'btn-primary' : 'btn-secondary'}`}>
                  {p.canSign ? 'Review and sign' : 'View'}
                  <span className="visually-hidden"> {p.title}</span>
                </Link>
              </div>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
