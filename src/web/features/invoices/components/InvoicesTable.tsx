import { Link } from 'react-router';
import type { InvoiceSummary } from '../../../../contracts/invoices';
import { formatAud } from '../../../../contracts/gst';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatCalendarDate } from '../../../lib/format';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import './invoices.css';

export interface InvoicesTableProps {
  invoices: ReadonlyArray<InvoiceSummary>;
  emptyMessage: string;
  /** The client column (left out on a client's own page). */
  showClient?: boolean;
  label: string;
}

/** Invoices with number (or "Draft"), client, dates, total, balance and status in words. */
export function InvoicesTable({ invoices, emptyMessage, showClient = true, label }: InvoicesTableProps) {
  return (
    <Table aria-label={label} className="invoices-table">
      <TableHeader>
        <Column isRowHeader>Invoice</Column>
        {showClient ? <Column>Client</Column> : null}
        <Column>Issued</Column>
        <Column>Due</Column>
        <Column className="table-column-money">Total</Column>
        <Column className="table-column-money">Balance</Column>
        <Column>Status</Column>
      </TableHeader>
      <TableBody items={invoices} renderEmptyState={() => <TableEmpty>{emptyMessage}</TableEmpty>}>
        {(invoice) => (
          <Row id={invoice.id}>
            <Cell>
              <Link to={`/app/invoices/${invoice.id}`} className="cell-link">
                {invoice.number ?? 'Draft invoice'}
              </Link>
              {invoice.kind === 'adjustment_note' ? <div className="cell-secondary">Adjustment note</div> : null}
            </Cell>
            {showClient ? (
              <Cell>
                <CellLabel>Client</CellLabel>
                <Link to={`/app/clients/${invoice.client.id}`} className="cell-link cell-link-quiet">
                  {invoice.client.name}
                </Link>
              </Cell>
            ) : null}
            <Cell className="nowrap">
              <CellLabel>Issued</CellLabel>
              {invoice.issueDate ? formatCalendarDate(invoice.issueDate) : <span className="muted">Not issued</span>}
            </Cell>
            <Cell className="nowrap">
              <CellLabel>Due</CellLabel>
              {invoice.dueDate ? formatCalendarDate(invoice.dueDate) : <span className="muted">{invoice.kind === 'adjustment_note' ? '—' : 'On issue'}</span>}
            </Cell>
            <Cell className="table-cell-money">
              <CellLabel>Total</CellLabel>
              {formatAud(invoice.totalCents)}
            </Cell>
            <Cell className="table-cell-money">
              <CellLabel>Balance</CellLabel>
              {invoice.status === 'draft' || invoice.status === 'void' || invoice.kind === 'adjustment_note' ? <span className="muted">—</span> : formatAud(invoice.balanceCents)}
            </Cell>
            <Cell>
              <CellLabel>Status</CellLabel>
              <InvoiceStatusBadge status={invoice.status} />
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
