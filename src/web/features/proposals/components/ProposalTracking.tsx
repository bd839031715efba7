import { Link } from 'react-router';
import { type ProposalDetail, signerAuthMethodLabels } from '../../../../contracts/proposals';
import { Card } from '../../../components/PageHeader';
import { formatDateAndTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { documentDownloadUrl } from '../api/keys';
import './proposals.css';

const EVENT_LABELS: Record<ProposalDetail['events'][number]['kind'], string> = {
  sent: 'Sent', viewed: 'Viewed', consented: 'Consented to sign electronically', signed: 'Signed', declined: 'Declined', withdrawn: 'Withdrawn', completed: 'Completed (signed PDF made)',
};

/** What acceptance made: the services, the invoice, the signed PDF (with its verification code). */
export function AcceptanceOutcome({ proposal }: { proposal: ProposalDetail }) {
  const timeZone = useTimeZone();
  if (proposal.status !== 'accepted') return null;
  return (
    <Card title="Accepted">
      <dl className="details">
        <div>
          <dt>Accepted</dt>
          <dd>{proposal.acceptedAt ? formatDateAndTime(proposal.acceptedAt, timeZone) : '—'}</dd>
        </div>
        <div>
          <dt>Services set up</dt>
          <dd>
            {proposal.services.length === 0 ? (
              proposal.serviceIds.length === 0 ? 'None (no chosen item was linked to a service)' : 'None any more (the services were deleted)'
            ) : (
              <ul className="proposal-links">
                {proposal.services.map((s) => (
                  <li key={s.id}>
                    <Link to={`/app/services/${s.id}`}>{s.name}</Link>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>First invoice</dt>
          <dd>{proposal.invoiceId ? <Link to={`/app/invoices/${proposal.invoiceId}`}>Open the invoice</Link> : proposal.invoiceOnAcceptance ? 'None (no one-off items were chosen)' : 'Not asked for'}</dd>
        </div>
        <div>
          <dt>Signed PDF</dt>
          <dd>
            {proposal.signedDocumentId ? (
              <a href={documentDownloadUrl(proposal.signedDocumentId)} download>
                Download the signed PDF
              </a>
            ) : (
              'Being prepared — reload in a minute'
            )}
          </dd>
        </div>
        {proposal.verificationCode ? (
          <div>
            <dt>Verification code</dt>
            <dd className="proposal-code">{proposal.verificationCode}</dd>
          </div>
        ) : null}
        {proposal.signedPdfSha256 ? (
          <div>
            <dt>SHA-256 of the signed PDF</dt>
            <dd className="proposal-hash">{proposal.signedPdfSha256}</dd>
          </div>
        ) : null}
      </dl>
    </Card>
  );
}

/** Versions sent, each with the SHA-256 of the exact document. */
export function VersionList({ proposal }: { proposal: ProposalDetail }) {
  const timeZone = useTimeZone();
  if (proposal.versions.length === 0) return null;
  return (
    <Card title="Versions">
      <ol className="proposal-versions">
        {[...proposal.versions].reverse().map((v) => (
          <li key={v.version}>
            <span className="cell-primary">
              Version {v.version}
              {v.version === proposal.currentVersion ? ' (current)' : ''}
            </span>{' '}
            <span className="muted">sent {formatDateAndTime(v.sentAt, timeZone)}</span>
            <span className="proposal-hash">SHA-256 {v.documentSha256}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}

/** The evidence trail (append-only, hash-chained): who did what, how they proved who they were, from where and when. */
export function EvidenceEvents({ proposal }: { proposal: ProposalDetail }) {
  const timeZone = useTimeZone();
  if (proposal.events.length === 0) return null;
  return (
    <Card title="Evidence">
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Evidence events, scrollable">
        <table className="proposal-track-table proposal-events">
          <caption className="visually-hidden">Evidence events, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Event</th>
              <th scope="col">Who</th>
              <th scope="col">How</th>
              <th scope="col">IP and device</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {proposal.events.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <th scope="row">
                  {EVENT_LABELS[e.kind]}
                  <span className="cell-secondary">Version {e.version}</span>
                </th>
                <td>
                  {e.signerName ?? '—'}
                  {e.signerEmail ? <span className="cell-secondary">{e.signerEmail}</span> : null}
                </td>
                <td>{e.authMethod ? signerAuthMethodLabels[e.authMethod] : '—'}</td>
                <td>
                  {e.ip ?? '—'}
                  {e.userAgent ? <span className="cell-secondary proposal-ua">{e.userAgent}</span> : null}
                </td>
                <td className="nowrap">{formatDateAndTime(e.at, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
