import { Link } from 'react-router';
import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatRecent } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { staffRequestPath } from '../api/keys';
import { ServiceRequestStatusBadge } from './ServiceRequestStatusBadge';
import './service-requests.css';

export interface ServiceRequestsTableProps {
  requests: ReadonlyArray<ServiceRequestDto>;
  label: string;
  emptyMessage: string;
}

/** The firm's requests: what kind of work (opens the request), whose, who asked and when, and where it stands. */
export function ServiceRequestsTable({ requests, label, emptyMessage }: ServiceRequestsTableProps) {
  const timeZone = useTimeZone();
  return (
    <Table aria-label={label} className="requests-table">
      <TableHeader>
        <Column isRowHeader>Request</Column>
        <Column>Client</Column>
        <Column>Requested by</Column>
        <Column>Sent</Column>
        <Column>Status</Column>
      </TableHeader>
      <TableBody items={requests} renderEmptyState={() => <TableEmpty>{emptyMessage}</TableEmpty>}>
        {(r) => (
          <Row id={r.id}>
            <Cell className="cell-wrap">
              <Link to={staffRequestPath(r.id)} className="cell-link">
                {r.category}
              </Link>
              <div className="cell-secondary request-snippet">{r.description}</div>
            </Cell>
            <Cell>
              <CellLabel>Client</CellLabel>
              <Link to={`/app/clients/${r.client.id}`} className="cell-link cell-link-quiet">
                {r.client.name}
              </Link>
            </Cell>
            <Cell>
              <CellLabel>Requested by</CellLabel>
              {r.requestedBy}
            </Cell>
            <Cell>
              <CellLabel>Sent</CellLabel>
              <time dateTime={r.createdAt} className="nowrap">
                {formatRecent(r.createdAt, timeZone)}
              </time>
            </Cell>
            <Cell>
              <CellLabel>Status</CellLabel>
              <ServiceRequestStatusBadge status={r.status} />
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
