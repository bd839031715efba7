import { Link } from 'react-router';
import type { ProposalSummary } from '../../../../contracts/proposals';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatCalendarDate, formatMoney, formatRecent } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { proposalPath } from '../api/keys';
import { ProposalStatusBadge } from './ProposalStatusBadge';
import './proposals.css';

/** The firm's proposals: title (opens it), client, status, signatures, one-off total, expiry, last change. */
export function ProposalsTable({ proposals, label, emptyMessage, showClient = true }: { proposals: ReadonlyArray<ProposalSummary>; label: string; emptyMessage: string; showClient?: boolean }) {
  const timeZone = useTimeZone();
  return (
    <Table aria-label={label} className="proposals-table">
      <TableHeader>
        <Column isRowHeader>Proposal</Column>
        {showClient ? <Column>Client</Column> : null}
        <Column>Status</Column>
        <Column>Signed</Column>
        <Column>One-off incl. GST</Column>
        <Column>Open until</Column>
        <Column>Changed</Column>
      </TableHeader>
      <TableBody items={proposals} renderEmptyState={() => <TableEmpty>{emptyMessage}</TableEmpty>}>
        {(p) => (
          <Row id={p.id}>
            <Cell className="cell-wrap">
              <Link to={proposalPath(p.id)} className="cell-link">
                {p.title}
              </Link>
              {p.currentVersion > 1 ? <div className="cell-secondary">Version {p.currentVersion}</div> : null}
            </Cell>
            {showClient ? (
              <Cell>
                <CellLabel>Client</CellLabel>
                {p.client.id ? (
                  <Link to={`/app/clients/${p.client.id}`} className="cell-link cell-link-quiet">
                    {p.client.name}
                  </Link>
                ) : (
                  <>
                    {p.client.name} <span className="badge badge-neutral">Prospect</span>
                  </>
                )}
              </Cell>
            ) : null}
            <Cell>
              <CellLabel>Status</CellLabel>
              <ProposalStatusBadge status={p.status} />
            </Cell>
            <Cell>
              <CellLabel>Signed</CellLabel>
              {p.signersSigned} of {p.signersTotal}
            </Cell>
            <Cell className="num">
              <CellLabel>One-off incl. GST</CellLabel>
              {formatMoney(p.oneOffTotalCents)}
            </Cell>
            <Cell>
              <CellLabel>Open until</CellLabel>
              {formatCalendarDate(p.expiresOn)}
            </Cell>
            <Cell>
              <CellLabel>Changed</CellLabel>
              <time dateTime={p.updatedAt} className="nowrap">
                {formatRecent(p.updatedAt, timeZone)}
              </time>
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
