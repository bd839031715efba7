import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { ErrorState, LoadingState } from '../../components/States';
import { LinkedThreads } from '../../features/messages/components/LinkedThreads';
import { TaskDocuments } from '../../features/portal-documents/components/TaskDocuments';
import { usePortalService } from '../../features/portal-services/api/use-portal-service';
import { PortalServiceSummary } from '../../features/portal-services/components/PortalServiceSummary';
import { PortalTaskCard } from '../../features/portal-services/components/PortalTaskCard';
import { isApiError } from '../../lib/api-client';
import { formatPeriod } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

/** One service: its status, due date, team member and progress, and each task with its documents and the questions from the accountant. */
export function ServicePage() {
  const { serviceId = '' } = useParams();
  const { slug, branding } = usePortal();
  const session = useSignedInClient();
  const service = usePortalService(slug, serviceId);
  const { hash } = useLocation();
  useDocumentTitle(service.data?.name ?? 'Service', branding.displayName);

  // Links from Action required point at one task (#task-…): bring it into view once loaded.
  const loaded = service.isSuccess;
  useEffect(() => {
    if (loaded && hash.startsWith('#task-')) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' });
  }, [loaded, hash]);

  const back = (
    <Link to="/" className="back-link">
      ← Dashboard
    </Link>
  );

  if (service.isPending) return <LoadingState label="Loading your service…" />;
  if (service.isError) {
    const missing = isApiError(service.error) && service.error.status === 404;
    return (
      <div className="stack-lg">
        {back}
        {missing ? (
          <Alert tone="error" title="We couldn't find this service">
            It may have been removed, or the link is not quite right. Your services are listed on the dashboard.
          </Alert>
        ) : (
          <ErrorState error={service.error} onRetry={() => void service.refetch()} />
        )}
      </div>
    );
  }

  const s = service.data;
  const tasks = [...s.tasks].sort((a, b) => a.position - b.position);
  const period = [s.fyLabel, formatPeriod(s.periodStart, s.periodEnd)].filter(Boolean).join(' · ');
  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <div className="page-header-eyebrow">{back}</div>
        <h1>{s.name}</h1>
        {period ? <p className="muted">{period}</p> : null}
      </header>
      <PortalServiceSummary service={s} />
      <section aria-labelledby="tasks-title" className="stack">
        <h2 id="tasks-title">Tasks</h2>
        {tasks.length === 0 ? (
          <p className="muted">There are no tasks for you to see on this service yet.</p>
        ) : (
          <ol className="portal-task-list">
            {tasks.map((task) => (
              <li key={task.id}>
                <PortalTaskCard
                  slug={slug}
                  task={task}
                  firmName={branding.displayName}
                  documents={<TaskDocuments slug={slug} task={task} timeZone={branding.timeZone} firmName={branding.displayName} viewerName={session.user.name} />}
                />
              </li>
            ))}
          </ol>
        )}
      </section>
      <LinkedThreads slug={slug} link={{ kind: 'service', id: s.id }} title="Questions about this service?" newLabel={`Message ${branding.displayName} about this service`} />
    </div>
  );
}
