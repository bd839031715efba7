import { Card } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { usePortalDashboard } from '../../features/portal-dashboard/api/use-portal-dashboard';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

export function DashboardPage() {
  const { slug, branding } = usePortal();
  const session = useSignedInClient();
  useDocumentTitle('Dashboard', branding.displayName);
  const dashboard = usePortalDashboard(slug);

  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <h1>Welcome, {dashboard.data?.greetingName ?? session.user.name}</h1>
        <p className="muted">{dashboard.data?.client.name ?? session.client.name}</p>
      </header>
      <Card title="Your services">
        {dashboard.isPending ? (
          <LoadingState label="Loading your services…" />
        ) : dashboard.isError ? (
          <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
        ) : dashboard.data.services.length === 0 ? (
          <EmptyState title="No services yet">Your accounting firm hasn't shared any services with you yet.</EmptyState>
        ) : (
          <ul className="service-list">
            {dashboard.data.services.map((service) => (
              <li key={service.id} className="service-item">
                {service.name}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
