import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatAud } from '../../../../contracts/gst';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import type { SelectOption } from '../../../components/Select';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { errorMessage } from '../../../lib/api-client';
import { formatCalendarDate, formatQuantity } from '../../../lib/format';
import { invoicePdfUrl } from '../api/keys';
import { useResendInvoice } from '../api/use-resend-invoice';
import { AdjustmentNoteDialog } from './AdjustmentNoteDialog';
import { AdjustmentNotesList } from './AdjustmentNotesList';
import { gstOptions } from './invoice-labels';
import { InvoicePayments } from './InvoicePayments';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { InvoiceTotalsList } from './InvoiceTotalsList';
import { RecordPaymentDialog } from './RecordPaymentDialog';
import { VoidInvoiceDialog } from './VoidInvoiceDialog';
import './invoices.css';

const gstLabel = (gst: 'taxable' | 'gst_free') => gstOptions.find((o) => o.id === gst)?.label ?? gst;

export interface InvoiceViewProps {
  invoice: InvoiceDto;
  /** The client's services, to link an adjustment note's lines to. */
  serviceOptions?: ReadonlyArray<SelectOption>;
}

/**
 * An issued (or void) invoice or adjustment note as it stands: read-only, with Download PDF,
 * Resend, Record payment, Adjustment note and Void; an invoice lists its notes, a note its invoice.
 */
export function InvoiceView({ invoice, serviceOptions = [] }: InvoiceViewProps) {
  const navigate = useNavigate();
  const resend = useResendInvoice(invoice.id);
  const [voiding, setVoiding] = useState(false);
  const [paying, setPaying] = useState(false);
  const [adjusting, setAdjusting] = useState(false);
  const isNote = invoice.kind === 'adjustment_note';
  const issued = invoice.status !== 'draft' && invoice.status !== 'void';
  const open = invoice.status === 'unpaid' || invoice.status === 'partially_paid' || invoice.status === 'overdue';
  const canAdjust = !isNote && issued && invoice.balanceCents > 0;
  // A note is part of its invoice's record; an invoice with money received or credited stays too.
  const canVoid = !isNote && invoice.status !== 'void' && invoice.paidCents === 0 && invoice.creditedCents === 0;

  return (
    <div className="stack-lg">
      <Card
        title={invoice.title}
        actions={
          <>
            <a className="btn btn-secondary btn-sm" href={invoicePdfUrl(invoice.id)} download>
              Download PDF
            </a>
            {issued ? (
              <Button size="sm" onPress={() => resend.mutate()} isPending={resend.isPending}>
                Resend
              </Button>
            ) : null}
            {open ? (
              <Button size="sm" variant="primary" onPress={() => setPaying(true)}>
                Record payment
              </Button>
            ) : null}
            {canAdjust ? (
              <Button size="sm" onPress={() => setAdjusting(true)}>
                Adjustment note
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
        <div className="stack">
          {resend.isSuccess ? (
            <Alert tone="success">Sent to {resend.data.sentTo.join(', ')}.</Alert>
          ) : resend.isError ? (
            <Alert tone="error" title={`${isNote ? 'The adjustment note' : 'The invoice'} was not sent`}>
              {errorMessage(resend.error)}
            </Alert>
          ) : null}
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
            {invoice.adjusts ? (
              <>
                <div>
                  <dt>Adjusts</dt>
                  <dd>
                    <Link to={`/app/invoices/${invoice.adjusts.id}`}>Invoice {invoice.adjusts.number ?? ''}</Link>
                  </dd>
                </div>
                <div>
                  <dt>Credited</dt>
                  <dd className="invoice-balance">{invoice.status === 'void' ? '—' : formatAud(invoice.totalCents)}</dd>
                </div>
                <div className="invoice-facts-wide">
                  <dt>Reason</dt>
                  <dd>{invoice.adjusts.reason || '—'}</dd>
                </div>
              </>
            ) : (
              <>
                <div>
                  <dt>Due date</dt>
                  <dd>{formatCalendarDate(invoice.dueDate) || '—'}</dd>
                </div>
                <div>
                  <dt>Balance due</dt>
                  <dd className="invoice-balance">{invoice.status === 'void' ? '—' : formatAud(invoice.balanceCents)}</dd>
                </div>
              </>
            )}
          </dl>
          {invoice.notes ? <p className="invoice-notes">{invoice.notes}</p> : null}
        </div>
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
            {...(invoice.status === 'void' || isNote ? {} : { paidCents: invoice.paidCents, creditedCents: invoice.creditedCents, balanceCents: invoice.balanceCents })}
          />
        </div>
      </Card>

      {!isNote && invoice.adjustments.length > 0 ? <AdjustmentNotesList invoice={invoice} /> : null}
      {invoice.status !== 'void' && !isNote ? <InvoicePayments invoiceId={invoice.id} /> : null}

      <VoidInvoiceDialog invoice={invoice} isOpen={voiding} onOpenChange={setVoiding} />
      <RecordPaymentDialog invoice={invoice} isOpen={paying} onOpenChange={setPaying} />
      {/* Mounted while the balance changes under it, so its success callback (toast, go to the note) runs. */}
      {!isNote ? (
        <AdjustmentNoteDialog
          invoice={invoice}
          serviceOptions={serviceOptions}
          isOpen={adjusting}
          onOpenChange={setAdjusting}
          onIssued={(note) => void navigate(`/app/invoices/${note.id}`)}
        />
      ) : null}
    </div>
  );
}
