import { Link } from 'react-router';
import { usePortalProposals } from '../api/use-portal-proposals';
import { portalProposalPath, portalProposalsPath } from '../api/keys';
import './proposal-signing.css';

/** On the dashboard: the proposals waiting for the client's signature. Nothing when there are none (or they did not load). */
export function ProposalsWaitingNotice({ slug }: { slug: string }) {
  const proposals = usePortalProposals(slug);
  const waiting = (proposals.data ?? []).filter((p) => p.canSign);
  if (waiting.length === 0) return null;
  const only = waiting.length === 1 ? waiting[0] : undefined;
  return (
    <section className="proposals-waiting" aria-labelledby="proposals-waiting-title">
      <h2 id="proposals-waiting-title" className="proposals-waiting-title">
        {waiting.length === 1 ? 'A proposal is waiting for your signature' : `${waiting.length} proposals are waiting for your signature`}
      </h2>
      <p>
        {only ? (
          <>
            <strong>{only.title}</strong>: review the details, scope and pricing, then accept or decline.
          </>
        ) : (
          'Review the details, scope and pricing of each, then accept or decline.'
        )}
      </p>
      <p>
        <Link to={only ? portalProposalPath(only.id) : portalProposalsPath} className="proposals-waiting-link">
          {only ? 'Review and sign' : 'View proposals'}
        </Link>
      </p>
    </section>
  );
}
