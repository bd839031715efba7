import { ButtonLink } from '../../components/Button';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { UnreadMessagesNotice } from '../../features/messages/components/UnreadMessagesNotice';
import { usePortalDashboard } from '../../features/portal-dashboard/api/use-portal-dashboard';
import { ActionRequired } from '../../features/portal-dashboard/components/ActionRequired';
import { ServiceCards } from '../../features/portal-dashboard/components/ServiceCards';
import { UnpaidInvoicesNotice } from '../../features/portal-invoices/components/UnpaidInvoicesNotice';
import { ProposalsWaitingNotice } from '../../features/proposal-signing/components/ProposalsWaitingNotice';
import { portalRequestServicePath } from '../../features/service-requests/api/keys';
import { usePortalServiceRequests } from '../../features/service-requests/api/use-portal-service-requests';
import { ServiceRequestSummary } from '../../features/service-requests/components/ServiceRequestSummary';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

export function DashboardPage() {
  const { slug, branding } = usePortal();
  const session = useSignedInClient();
  useDocumentTitle('Dashboard', branding.displayName);
  const dashboard = usePortalDashboard(slug);
  const requests = usePortalServiceRequests(slug);

  return (
    <div className="stack-lg">
      <header className="portal-page-header portal-page-header-actions">
        <div className="portal-page-header-text">
          <h1>Welcome, {dashboard.data?.greetingName ?? session.user.name}</h1>
          <p className="muted">{dashboard.data?.client.name ?? session.client.name}</p>
        </div>
        <ButtonLink to={portalRequestServicePath} variant="primary">
          Request Service
        </ButtonLink>
      </header>
      {dashboard.isPending ? (
        <LoadingState label="Loading your services…" />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <>
          <ActionRequired actionRequired={dashboard.data.actionRequired} />
          <ProposalsWaitingNotice slug={slug} />
          <UnreadMessagesNotice slug={slug} firmName={branding.displayName} />
          <UnpaidInvoicesNotice slug={slug} />
          <section aria-labelledby="your-services-title">
            <h2 id="your-services-title" className="portal-section-title">
              Your services
            </h2>
            {dashboard.data.services.length === 0 ? (
              <div className="card">
                <EmptyState title="No services yet">{branding.displayName} hasn't shared any services with you yet.</EmptyState>
              </div>
            ) : (
              <ServiceCards services={dashboard.data.services} />
            )}
          </section>
          {requests.data && requests.data.length > 0 ? (
            <section aria-labelledby="your-requests-title">
              <h2 id="your-requests-title" className="portal-section-title">
                Your requests
              </h2>
              <ServiceRequestSummary requests={requests.data} />
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
