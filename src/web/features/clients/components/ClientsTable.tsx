import { Link } from 'react-router';
import { type Client, clientTypeLabels } from '../../../../contracts/clients';
import { Cell, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatAbn } from '../../../lib/format';

export function ClientsTable({ clients, emptyMessage }: { clients: ReadonlyArray<Client>; emptyMessage: string }) {
  return (
    <Table aria-label="Clients">
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
            <Cell className="nowrap">{formatAbn(client.abn) || <span className="muted">—</span>}</Cell>
            <Cell>{client.assignedStaffName ?? <span className="muted">Unassigned</span>}</Cell>
            <Cell>{client.portalUserCount}</Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
