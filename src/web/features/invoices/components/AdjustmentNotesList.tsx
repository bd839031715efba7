import { Link } from 'react-router';
import { formatAud } from '../../../../contracts/gst';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { Card } from '../../../components/PageHeader';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { formatCalendarDate } from '../../../lib/format';

/** The adjustment notes issued against an invoice, oldest first, each linking to the note. */
export function AdjustmentNotesList({ invoice }: { invoice: InvoiceDto }) {
  return (
    <Card title="Adjustment notes" className="card-flush">
      <Table aria-label={`Adjustment notes for ${invoice.number ?? 'the invoice'}`}>
        <TableHeader>
          <Column isRowHeader>Adjustment note</Column>
          <Column>Issued</Column>
          <Column>Reason</Column>
          <Column className="table-column-money">Credited</Column>
        </TableHeader>
        <TableBody items={invoice.adjustments}>
          {(note) => (
            <Row id={note.id}>
              <Cell>
                <Link to={`/app/invoices/${note.id}`} className="cell-link">
                  {note.number ?? 'Adjustment note'}
                </Link>
              </Cell>
              <Cell className="nowrap">
                <CellLabel>Issued</CellLabel>
                {formatCalendarDate(note.issueDate) || '—'}
              </Cell>
              <Cell className="cell-wrap">
                <CellLabel>Reason</CellLabel>
                {note.reason || '—'}
              </Cell>
              <Cell className="table-cell-money">
                <CellLabel>Credited</CellLabel>
                {formatAud(note.totalCents)}
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </Card>
  );
}
