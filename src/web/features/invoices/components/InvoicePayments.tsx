import { formatAud } from '../../../../contracts/gst';
import { Badge } from '../../../components/Badge';
import { Card } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { isApiError } from '../../../lib/api-client';
import { formatCalendarDate, formatDateTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { useInvoicePayments } from '../api/use-invoice-payments';
import { attemptStatusLabels, paymentMethodLabels } from './invoice-labels';

const attemptTones = { pending: 'info', succeeded: 'success', declined: 'danger', failed: 'danger', cancelled: 'neutral', expired: 'neutral' } as const;

/** The payments recorded against an issued invoice, and the client's Pay Now attempts. */
export function InvoicePayments({ invoiceId }: { invoiceId: string }) {
  const payments = useInvoicePayments(invoiceId);
  const timeZone = useTimeZone();
  // Until the server offers payments (404 on the route), there is nothing to show.
  if (payments.isError && isApiError(payments.error) && payments.error.status === 404) return null;
  return (
    <Card title="Payments" className="card-flush">
      {payments.isPending ? (
        <LoadingState label="Loading payments…" />
      ) : payments.isError ? (
        <div className="card-body">
          <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
        </div>
      ) : (
        <>
          {payments.data.payments.length === 0 ? (
            <EmptyState title="No payments yet">Payments the client makes with Pay Now, and the ones you record, appear here.</EmptyState>
          ) : (
            <Table aria-label="Payments received">
              <TableHeader>
                <Column isRowHeader>Received</Column>
                <Column className="table-column-money">Amount</Column>
                <Column>Method</Column>
                <Column>Reference</Column>
                <Column>Recorded by</Column>
              </TableHeader>
              <TableBody items={payments.data.payments}>
                {(p) => (
                  <Row id={p.id}>
                    <Cell className="nowrap">{formatCalendarDate(p.receivedOn)}</Cell>
                    <Cell className="table-cell-money">
                      <CellLabel>Amount</CellLabel>
                      {formatAud(p.amountCents)}
                    </Cell>
                    <Cell>
                      <CellLabel>Method</CellLabel>
                      {paymentMethodLabels[p.method]}
                    </Cell>
                    <Cell className="cell-wrap">
                      <CellLabel>Reference</CellLabel>
                      {p.reference ?? '—'}
                    </Cell>
                    <Cell>
                      <CellLabel>Recorded by</CellLabel>
                      {p.recordedBy}
                    </Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          )}
          {payments.data.attempts.length > 0 ? (
            <div className="invoice-attempts">
              <h3 className="invoice-subheading">Pay Now attempts</h3>
              <Table aria-label="Pay Now attempts">
                <TableHeader>
                  <Column isRowHeader>Started</Column>
                  <Column className="table-column-money">Amount</Column>
                  <Column>Outcome</Column>
                  <Column>Card processor’s answer</Column>
                </TableHeader>
                <TableBody items={payments.data.attempts}>
                  {(a) => (
                    <Row id={a.id}>
                      <Cell className="nowrap">{formatDateTime(a.createdAt, timeZone)}</Cell>
                      <Cell className="table-cell-money">
                        <CellLabel>Amount</CellLabel>
                        {formatAud(a.amountCents)}
                      </Cell>
                      <Cell>
                        <CellLabel>Outcome</CellLabel>
                        <Badge tone={attemptTones[a.status]}>{attemptStatusLabels[a.status]}</Badge>
                      </Cell>
                      <Cell className="cell-wrap">
                        <CellLabel>Answer</CellLabel>
                        {a.result ?? '—'}
                      </Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
