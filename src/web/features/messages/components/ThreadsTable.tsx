import { Link } from 'react-router';
import type { ThreadSummary } from '../../../../contracts/messages';
import { Badge } from '../../../components/Badge';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatRecent } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { STAFF_SCOPE, threadPath } from '../api/keys';
import { UnreadMark } from './UnreadMark';
import { ThreadAbout } from './ThreadAbout';
import './messages.css';

export interface ThreadsTableProps {
  threads: ReadonlyArray<ThreadSummary>;
  label: string;
  emptyMessage: string;
  /** The client column (left out on a client's own page). */
  showClient?: boolean;
}

/** The firm's threads: subject (with what is unread), client, what it is about, who has it, the last message and whether it is open. */
export function ThreadsTable({ threads, label, emptyMessage, showClient = true }: ThreadsTableProps) {
  const timeZone = useTimeZone();
  return (
    <Table aria-label={label} className="threads-table">
      <TableHeader>
        <Column isRowHeader>Subject</Column>
        {showClient ? <Column>Client</Column> : null}
        <Column>About</Column>
        <Column>Assigned to</Column>
        <Column>Last message</Column>
        <Column>Status</Column>
      </TableHeader>
      <TableBody items={threads} renderEmptyState={() => <TableEmpty>{emptyMessage}</TableEmpty>}>
        {(t) => (
          <Row id={t.id} className={t.unread > 0 ? 'thread-row-unread' : undefined}>
            <Cell className="cell-wrap">
              <Link to={threadPath(STAFF_SCOPE, t.id)} className="cell-link thread-subject">
                {t.subject}
              </Link>{' '}
              <UnreadMark count={t.unread} />
            </Cell>
            {showClient ? (
              <Cell>
                <CellLabel>Client</CellLabel>
                <Link to={`/app/clients/${t.client.id}`} className="cell-link cell-link-quiet">
                  {t.client.name}
                </Link>
              </Cell>
            ) : null}
            <Cell className="cell-wrap">
              <CellLabel>About</CellLabel>
              {t.link ? <ThreadAbout scope={STAFF_SCOPE} link={t.link} /> : <span className="muted">—</span>}
            </Cell>
            <Cell>
              <CellLabel>Assigned to</CellLabel>
              {t.assignedTo ? t.assignedTo.name : <span className="muted">Nobody</span>}
            </Cell>
            <Cell>
              <CellLabel>Last message</CellLabel>
              <time dateTime={t.lastMessageAt} className="nowrap">
                {formatRecent(t.lastMessageAt, timeZone)}
              </time>
              {t.lastAuthor ? <div className="cell-secondary">{t.lastAuthor.name}</div> : null}
            </Cell>
            <Cell>
              <CellLabel>Status</CellLabel>
              <Badge tone={t.status === 'open' ? 'info' : 'neutral'}>{t.status === 'open' ? 'Open' : 'Closed'}</Badge>
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
