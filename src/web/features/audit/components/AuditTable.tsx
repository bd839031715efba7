import type { AuditEntry } from '../../../../contracts/staff';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatDateTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';

/** "invitation.accepted" → "Invitation accepted"; the code stays visible for searching the docs. */
function describeAction(action: string): string {
  const words = action.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function AuditTable({ entries }: { entries: ReadonlyArray<AuditEntry> }) {
  const timeZone = useTimeZone();
  return (
    <Table aria-label="Audit log">
      <TableHeader>
        <Column>Time</Column>
        <Column>Actor</Column>
        <Column isRowHeader>Action</Column>
        <Column>Target</Column>
        <Column>IP address</Column>
      </TableHeader>
      <TableBody items={entries} renderEmptyState={() => <TableEmpty>Nothing has been recorded yet.</TableEmpty>}>
        {(entry) => (
          <Row id={entry.id}>
            <Cell className="nowrap">{formatDateTime(entry.at, timeZone)}</Cell>
            <Cell className="cell-wrap">
              <CellLabel>By</CellLabel>
              {entry.actor}
            </Cell>
            <Cell>
              <div className="cell-primary">{describeAction(entry.action)}</div>
              <code className="cell-secondary">{entry.action}</code>
            </Cell>
            <Cell className="cell-wrap">
              <CellLabel>Target</CellLabel>
              {entry.target ?? <span className="muted">—</span>}
            </Cell>
            <Cell className="nowrap">
              <CellLabel>IP address</CellLabel>
              {entry.ip ?? <span className="muted">—</span>}
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
