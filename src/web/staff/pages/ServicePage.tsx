import { Link, useLocation, useParams } from 'react-router';
import { useEffect } from 'react';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { UploadDocumentsForm } from '../../features/documents/components/UploadDocumentsForm';
import { AboutThreadsCard } from '../../features/messages/components/AboutThreadsCard';
import { useService } from '../../features/work/api/use-service';
import { ServiceOverview } from '../../features/work/components/ServiceOverview';
import { TaskList } from '../../features/work/components/TaskList';
import { isApiError } from '../../lib/api-client';
import { formatPeriod } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAssigneeOptions } from '../use-assignee-options';

export function ServicePage() {
  const { serviceId = '' } = useParams();
  const service = useService(serviceId);
  const staffOptions = useAssigneeOptions();
  const { hash } = useLocation();
  useDocumentTitle(service.data?.name, 'Work', 'Ledger Loom');

  // A link to one task (#task-…) scrolls to it once the service has loaded.
  const loaded = service.isSuccess;
  useEffect(() => {
    if (loaded && hash.startsWith('#task-')) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' });
  }, [loaded, hash]);

  const back = (
    <Link to="/app/work" className="back-link">
      ← Work
    </Link>
  );

  if (service.isPending) return <LoadingState label="Loading service…" />;
  if (service.isError) {
    if (isApiError(service.error) && service.error.status === 404) {
      return (
        <>
          <PageHeader title="Service not found" eyebrow={back} />
          <Alert tone="error">This service doesn't exist, or you don't have access to it.</Alert>
        </>
      );
    }
    return (
      <>
        <PageHeader title="Service" eyebrow={back} />
        <ErrorState error={service.error} onRetry={() => void service.refetch()} />
      </>
    );
  }

  const s = service.data;
  const period = formatPeriod(s.periodStart, s.periodEnd);
  return (
    <div className="stack-lg">
      <PageHeader
        title={s.name}
        eyebrow={back}
        description={
          <span className="service-subtitle">
            <Link to={`/app/clients/${s.clientId}`}>{s.clientName}</Link>
            {s.fyLabel ? <span>{s.fyLabel}</span> : null}
            {period ? (
              <span>
                <span className="visually-hidden">Period </span>
                {period}
              </span>
            ) : null}
          </span>
        }
      />
      <ServiceOverview service={s} staffOptions={staffOptions} />
      <TaskList
        service={s}
        renderUploader={(target) => (
          <UploadDocumentsForm
            clientId={s.clientId}
            label={target.label}
            taskId={target.taskId}
            requestId={target.requestId}
            defaultShare={target.shareByDefault}
            onClose={target.onClose}
          />
        )}
      />
      {/* A new message cannot be about a service the client does not see in the portal. */}
      <AboutThreadsCard
        key={`threads-${s.id}`}
        link={{ kind: 'service', id: s.id }}
        aboutLabel={s.fyLabel && !s.name.includes(s.fyLabel) ? `${s.name} (${s.fyLabel})` : s.name}
        thisWords="this service"
        clientId={s.clientId}
        clientName={s.clientName}
        canStart={s.visibleToClient}
        cannotStartReason={`This service is hidden from ${s.clientName} in the client portal, so a new message can’t be about it.`}
      />
    </div>
  );
}
