import { useState } from 'react';
import { Link } from 'react-router';
import { formatAud } from '../../../../contracts/gst';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { formatCalendarDate, formatQuantity } from '../../../lib/format';
import { invoicePdfUrl } from '../api/keys';
import { gstOptions } from './invoice-labels';
import { InvoicePayments } from './InvoicePayments';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { InvoiceTotalsList } from './InvoiceTotalsList';
import { RecordPaymentDialog } from './RecordPaymentDialog';
import { VoidInvoiceDialog } from './VoidInvoiceDialog';
import './invoices.css';

const gstLabel = (gst: 'taxable' | 'gst_free') => gstOptions.find((o) => o.id === gst)?.label ?? gst;

/** An issued (or void) invoice as it stands: read-only, with Download PDF, Record payment and Void. */
export function InvoiceView({ invoice }: { invoice: InvoiceDto }) {
  const [voiding, setVoiding] = useState(false);
  const [paying, setPaying] = useState(false);
  const open = invoice.status === 'unpaid' || invoice.status === 'partially_paid' || invoice.status === 'overdue';
  const canVoid = invoice.status !== 'void' && invoice.paidCents === 0 && invoice.creditedCents === 0;

  return (
    <div className="stack-lg">
      <Card
        title={invoice.title}
        actions={
          <>
            <a className="btn btn-secondary btn-sm" href={invoicePdfUrl(invoice.id)} download>
              Download PDF
            </a>
            {open ? (
              <Button size="sm" variant="primary" onPress={() => setPaying(true)}>
                Record payment
              </Button>
            ) : null}
            {canVoid ? (
              <Button size="sm" variant="danger" onPress={() => setVoiding(true)}>
                Void
              </Button>
            ) : null}
          </>
        }
      >
        <dl className="details invoice-facts">
          <div>
            <dt>Number</dt>
            <dd>{invoice.number ?? 'Not issued'}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <InvoiceStatusBadge status={invoice.status} />
            </dd>
          </div>
          <div>
            <dt>Client</dt>
            <dd>
              <Link to={`/app/clients/${invoice.client.id}`}>{invoice.client.name}</Link>
            </dd>
          </div>
          <div>
            <dt>Issue date</dt>
            <dd>{formatCalendarDate(invoice.issueDate) || '—'}</dd>
          </div>
          <div>
            <dt>Due date</dt>
            <dd>{formatCalendarDate(invoice.dueDate) || '—'}</dd>
          </div>
          <div>
            <dt>Balance due</dt>
            <dd className="invoice-balance">{invoice.status === 'void' ? '—' : formatAud(invoice.balanceCents)}</dd>
          </div>
        </dl>
        {invoice.adjusts ? (
          <p className="invoice-notes">
            Adjusts <Link to={`/app/invoices/${invoice.adjusts.id}`}>{invoice.adjusts.number ?? 'an invoice'}</Link>: {invoice.adjusts.reason}
          </p>
        ) : null}
        {invoice.notes ? <p className="invoice-notes">{invoice.notes}</p> : null}
      </Card>

      <Card title="Lines" className="card-flush">
        <Table aria-label={`Lines of ${invoice.number ?? 'the invoice'}`} className="invoice-lines-table">
          <TableHeader>
            <Column isRowHeader>Description</Column>
            <Column className="table-column-money">Quantity</Column>
            <Column className="table-column-money">Unit price</Column>
            {invoice.gstRegistered ? <Column>GST</Column> : null}
            <Column className="table-column-money">Amount</Column>
          </TableHeader>
          <TableBody items={invoice.lines}>
            {(line) => (
              <Row id={line.id}>
                <Cell className="cell-wrap">
                  {line.description}
                  {line.serviceName ? <div className="cell-secondary">{line.serviceName}</div> : null}
                </Cell>
                <Cell className="table-cell-money">
                  <CellLabel>Quantity</CellLabel>
                  {formatQuantity(line.quantityMilli)}
                </Cell>
                <Cell className="table-cell-money">
                  <CellLabel>Unit price</CellLabel>
                  {formatAud(line.unitPriceCents)}
                </Cell>
                {invoice.gstRegistered ? (
                  <Cell>
                    <CellLabel>GST</CellLabel>
                    {gstLabel(line.gst)}
                  </Cell>
                ) : null}
                <Cell className="table-cell-money">
                  <CellLabel>Amount</CellLabel>
                  {formatAud(line.amountCents)}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
        <div className="card-body">
          <InvoiceTotalsList
            subtotalCents={invoice.subtotalCents}
            gstCents={invoice.gstCents}
            totalCents={invoice.totalCents}
            gstRegistered={invoice.gstRegistered}
            priceMode={invoice.priceMode}
            {...(invoice.status === 'void' ? {} : { paidCents: invoice.paidCents, creditedCents: invoice.creditedCents, balanceCents: invoice.balanceCents })}
          />
        </div>
      </Card>

      {invoice.status !== 'void' ? <InvoicePayments invoiceId={invoice.id} /> : null}

      <VoidInvoiceDialog invoice={invoice} isOpen={voiding} onOpenChange={setVoiding} />
      <RecordPaymentDialog invoice={invoice} isOpen={paying} onOpenChange={setPaying} />
    </div>
  );
}
