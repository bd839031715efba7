import type { Selection, SortDescriptor } from 'react-aria-components';
import { Link } from 'react-router';
import type { ServiceSummary } from '../../../../contracts/work';
import { PersonChip } from '../../../components/Avatar';
import { Badge } from '../../../components/Badge';
import { Checkbox } from '../../../components/Checkbox';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { DueDate } from './DueDate';
import { progressText, serviceStatusLabels } from './work-labels';
import './work.css';

export interface WorkTableProps {
  services: ReadonlyArray<ServiceSummary>;
  emptyMessage: string;
  /** The client column (left out on a client's own page). */
  showClient?: boolean;
  /** Row checkboxes for bulk actions. */
  selectedKeys?: Selection;
  onSelectionChange?: (keys: Selection) => void;
  /** Sortable column headers (the server sorts). */
  sortDescriptor?: SortDescriptor;
  onSortChange?: (descriptor: SortDescriptor) => void;
  label?: string;
}

function SortableTitle({ title, sortDirection }: { title: string; sortDirection: SortDescriptor['direction'] | undefined }) {
  return (
    <span className="sortable-column">
      {title}
      <span aria-hidden="true" className="sort-indicator" data-direction={sortDirection}>
        {sortDirection === 'descending' ? '▼' : sortDirection === 'ascending' ? '▲' : '↕'}
      </span>
    </span>
  );
}

/** Services with their client, stage, due date (overdue said in words), assignee and progress. */
export function WorkTable({ services, emptyMessage, showClient = true, selectedKeys, onSelectionChange, sortDescriptor, onSortChange, label = 'Services' }: WorkTableProps) {
  const selectable = onSelectionChange !== undefined;
  const sortable = onSortChange !== undefined;
  const column = (id: string, title: string, rowHeader = false) => (
    <Column id={id} isRowHeader={rowHeader} allowsSorting={sortable}>
      {({ sortDirection }) => (sortable ? <SortableTitle title={title} sortDirection={sortDirection} /> : title)}
    </Column>
  );
  return (
    <Table
      aria-label={label}
      className="work-table"
      selectionMode={selectable ? 'multiple' : 'none'}
      selectionBehavior="toggle"
      selectedKeys={selectedKeys}
      onSelectionChange={onSelectionChange}
      sortDescriptor={sortDescriptor}
      onSortChange={onSortChange}
    >
      <TableHeader>
        {selectable ? (
          <Column className="table-column-select">
            <Checkbox slot="selection" />
          </Column>
        ) : null}
        {column('name', 'Service', true)}
        {showClient ? column('client', 'Client') : null}
        {column('stage', 'Stage')}
        {column('due', 'Due date')}
        <Column>Assigned to</Column>
        <Column>Progress</Column>
      </TableHeader>
      <TableBody items={services} renderEmptyState={() => <TableEmpty>{emptyMessage}</TableEmpty>}>
        {(service) => {
          const status = serviceStatusLabels[service.status];
          const secondary = service.fyLabel ?? (service.templateName !== service.name ? service.templateName : null);
          return (
            <Row id={service.id}>
              {selectable ? (
                <Cell className="table-cell-select">
                  <Checkbox slot="selection" />
                </Cell>
              ) : null}
              <Cell>
                <Link to={`/app/services/${service.id}`} className="cell-link">
                  {service.name}
                </Link>
                {secondary ? <div className="cell-secondary">{secondary}</div> : null}
                {service.status !== 'active' ? (
                  <div className="work-row-badges">
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </div>
                ) : null}
              </Cell>
              {showClient ? (
                <Cell>
                  <CellLabel>Client</CellLabel>
                  <Link to={`/app/clients/${service.clientId}`} className="cell-link cell-link-quiet">
                    {service.clientName}
                  </Link>
                </Cell>
              ) : null}
              <Cell>
                <CellLabel>Stage</CellLabel>
                {service.stageName}
              </Cell>
              <Cell className="nowrap">
                <CellLabel>Due</CellLabel>
                <DueDate date={service.dueDate} overdue={service.overdue} />
              </Cell>
              <Cell>
                <CellLabel>Assigned to</CellLabel>
                <PersonChip person={service.assignee} />
              </Cell>
              <Cell>
                <CellLabel>Progress</CellLabel>
                <span className="nowrap">{progressText(service.tasksDone, service.tasksTotal)}</span>
                {service.tasksWaitingOnClient > 0 ? (
                  <div className="work-row-badges">
                    <Badge tone="warning">Waiting on client</Badge>
                  </div>
                ) : null}
              </Cell>
            </Row>
          );
        }}
      </TableBody>
    </Table>
  );
}
