import { Link } from 'react-router';
import { formatAud } from '../../../../contracts/gst';
import type { PaymentDto } from '../../../../contracts/invoices';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableEmpty, TableHeader } from '../../../components/Table';
import { formatCalendarDate } from '../../../lib/format';
import { paymentMethodLabels } from './invoice-labels';
import './invoices.css';

export interface PaymentsTableProps {
  payments: ReadonlyArray<PaymentDto>;
  emptyMessage: string;
  label: string;
}

/** Payments received across the firm: date, client, the invoice paid (a link), method, amount and reference. */
export function PaymentsTable({ payments, emptyMessage, label }: PaymentsTableProps) {
  return (
    <Table aria-label={label} className="payments-table">
      <TableHeader>
        <Column isRowHeader>Received</Column>
        <Column>Client</Column>
        <Column>Invoice</Column>
        <Column>Method</Column>
        <Column className="table-column-money">Amount</Column>
        <Column>Reference</Column>
      </TableHeader>
      <TableBody items={payments} renderEmptyState={() => <TableEmpty>{emptyMessage}</TableEmpty>}>
        {(p) => (
          <Row id={p.id}>
            <Cell className="nowrap">{formatCalendarDate(p.receivedOn)}</Cell>
            <Cell className="cell-wrap">
              <CellLabel>Client</CellLabel>
              {p.clientName}
            </Cell>
            <Cell>
              <CellLabel>Invoice</CellLabel>
              <Link to={`/app/invoices/${p.invoiceId}`} className="cell-link">
                {p.invoiceNumber ?? 'Invoice'}
              </Link>
            </Cell>
            <Cell>
              <CellLabel>Method</CellLabel>
              {paymentMethodLabels[p.method]}
            </Cell>
            <Cell className="table-cell-money">
              <CellLabel>Amount</CellLabel>
              {formatAud(p.amountCents)}
            </Cell>
            <Cell className="cell-wrap">
              <CellLabel>Reference</CellLabel>
              {p.reference ?? <span className="muted">—</span>}
            </Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
