import { useSearchParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Card, PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { ErrorState, LoadingState } from '../../components/States';
import { useAuditLog } from '../../features/audit/api/use-audit-log';
import { AuditTable } from '../../features/audit/components/AuditTable';
import { useDocumentTitle } from '../../lib/use-document-title';
import { canManage, useSignedInStaff } from '../session-context';

function AuditLog() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const audit = useAuditLog(page);
  if (audit.isPending) return <LoadingState label="Loading audit log…" />;
  if (audit.isError) {
    return (
      <div className="card-body">
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      </div>
    );
  }
  return (
    <>
      <AuditTable entries={audit.data.items} />
      <Pagination
        page={audit.data.page}
        pageSize={audit.data.pageSize}
        total={audit.data.total}
        noun="entries"
        onPageChange={(p) => setParams(p > 1 ? { page: String(p) } : {})}
      />
    </>
  );
}

export function AuditPage() {
  useDocumentTitle('Audit log', 'Ledger Loom');
  const session = useSignedInStaff();
  return (
    <>
      <PageHeader title="Audit log" description="Security events and changes in your workspace, newest first. Entries cannot be edited or removed." />
      {canManage(session) ? (
        <Card className="card-flush">
          <AuditLog />
        </Card>
      ) : (
        <Alert tone="info">Only owners and admins can see the audit log.</Alert>
      )}
    </>
  );
}
