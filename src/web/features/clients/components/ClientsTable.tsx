import { Link, useNavigate } from 'react-router';
import { type Client, clientTypeLabels } from '../../../../contracts/clients';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatAbn } from '../../../lib/format';

/** Clients; a row opens with a click anywhere on it or Enter (the name is also a plain link). */
export function ClientsTable({ clients, emptyMessage }: { clients: ReadonlyArray<Client>; emptyMessage: string }) {
  const navigate = useNavigate();
  return (
    <Table aria-label="Clients" onRowAction={(key) => void navigate(`/app/clients/${String(key)}`)}>
      <TableHeader>
        <Column isRowHeader>Name</Column>
        <Column>Type</Column>
        <Column>ABN</Column>
        <Column>Assigned to</Column>
        <Column>Portal users</Column>
      </TableHeader>
      <TableBody items={clients} renderEmptyState={() => <TableEmpty>{emptyMessage}</TableEmpty>}>
        {(client) => (
          <Row id={client.id}>
            <Cell>
              <Link to={`/app/clients/${client.id}`} className="cell-link">
                {client.name}
              </Link>
              {client.email ? <div className="cell-secondary">{client.email}</div> : null}
            </Cell>
            <Cell>{clientTypeLabels[client.type]}</Cell>
            <Cell className="nowrap">
              <CellLabel>ABN</CellLabel>
              {formatAbn(client.abn) || <span className="muted">—</span>}
            </Cell>
            <Cell>
              <CellLabel>Assigned to</CellLabel>
              {client.assignedStaffName ?? <span className="muted">Unassigned</span>}
            </Cell>
            <Cell>
              <CellLabel>Portal users</CellLabel>
              {client.portalUserCount}
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
