import type { ProposalDetail } from '../../../../contracts/proposals';
import { Badge } from '../../../components/Badge';
import { Card } from '../../../components/PageHeader';
import { formatDateAndTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import './proposals.css';

const SIGNER_STATUS = { pending: { label: 'Waiting', tone: 'warning' }, signed: { label: 'Signed', tone: 'success' }, declined: { label: 'Declined', tone: 'danger' } } as const;

/** Each signer: when they were sent the link, opened it, and signed or declined (dd/mm/yyyy, h:mm am/pm). */
export function SignerTracking({ proposal }: { proposal: ProposalDetail }) {
  const timeZone = useTimeZone();
  const at = (iso: string | null) => (iso ? formatDateAndTime(iso, timeZone) : '—');
  return (
    <Card title="Signers">
      {proposal.signers.length === 0 ? (
        <p className="muted">Signers are tracked once the proposal is sent.</p>
      ) : (
        <ul className="proposal-signers" aria-label="Signers">
          {proposal.signers.map((s) => (
            <li key={s.id} className="proposal-signer">
              <article aria-label={s.name}>
                <div className="proposal-signer-head">
                  <span>
                    <span className="cell-primary">{s.name}</span>
                    <span className="cell-secondary">{s.email}</span>
                  </span>
                  <Badge tone={SIGNER_STATUS[s.status].tone}>{SIGNER_STATUS[s.status].label}</Badge>
                </div>
                <dl className="proposal-signer-times">
                  <div>
                    <dt>Sent</dt>
                    <dd>{at(s.sentAt)}</dd>
                  </div>
                  <div>
                    <dt>Viewed</dt>
                    <dd>{at(s.viewedAt)}</dd>
                  </div>
                  <div>
                    <dt>{s.declinedAt ? 'Declined' : 'Signed'}</dt>
                    <dd>{at(s.signedAt ?? s.declinedAt)}</dd>
                  </div>
                </dl>
                {s.declineReason ? <p className="proposal-decline-reason">Reason: {s.declineReason}</p> : null}
              </article>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
