import { Badge } from '../../../components/Badge';
import { Card } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { formatDateTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { useClientEmails } from '../api/use-client-emails';
import { emailStatusLabels } from './client-labels';

/** What Ledger Loom has emailed to this client's people, and whether it went. */
export function ClientEmailsPanel({ clientId }: { clientId: string }) {
  const emails = useClientEmails(clientId);
  const timeZone = useTimeZone();
  return (
    <Card title="Emails" className="card-flush">
      {emails.isPending ? (
        <LoadingState label="Loading emails…" />
      ) : emails.isError ? (
        <div className="card-body">
          <ErrorState error={emails.error} onRetry={() => void emails.refetch()} />
        </div>
      ) : emails.data.length === 0 ? (
        <EmptyState title="No emails yet">Invitations and notices sent to this client's people will be listed here.</EmptyState>
      ) : (
        <Table aria-label="Emails sent to this client">
          <TableHeader>
            <Column isRowHeader>Subject</Column>
            <Column>To</Column>
            <Column>Date</Column>
            <Column>Status</Column>
          </TableHeader>
          <TableBody items={emails.data}>
            {(email) => {
              const status = emailStatusLabels[email.status];
              return (
                <Row id={email.id}>
                  <Cell>
                    <div className="cell-primary">{email.subject}</div>
                  </Cell>
                  <Cell>
                    <CellLabel>To</CellLabel>
                    {email.to}
                  </Cell>
                  <Cell className="nowrap">
                    <CellLabel>{email.sentAt ? 'Sent' : 'Queued'}</CellLabel>
                    {formatDateTime(email.sentAt ?? email.createdAt, timeZone)}
                  </Cell>
                  <Cell>
                    <Badge tone={status.tone}>{status.label}</Badge>
                    {email.status === 'skipped' && email.lastError ? <div className="cell-secondary">{email.lastError}</div> : null}
                    {email.status === 'failed' && email.lastError ? (
                      <div className="cell-secondary email-error">
                        {email.lastError}
                        {email.attempts > 1 ? ` (after ${email.attempts} attempts)` : ''}
                      </div>
                    ) : null}
                  </Cell>
                </Row>
              );
            }}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
