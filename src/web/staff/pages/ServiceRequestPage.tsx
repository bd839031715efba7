import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { useClient } from '../../features/clients/api/use-client';
import { staffServicePath } from '../../features/service-requests/api/keys';
import { useServiceRequest } from '../../features/service-requests/api/use-service-request';
import { AcceptRequestDialog } from '../../features/service-requests/components/AcceptRequestDialog';
import { DeclineRequestDialog } from '../../features/service-requests/components/DeclineRequestDialog';
import { ReplyToRequestForm } from '../../features/service-requests/components/ReplyToRequestForm';
import { RequestText } from '../../features/service-requests/components/RequestText';
import { ServiceRequestDetails } from '../../features/service-requests/components/ServiceRequestDetails';
import { useTemplates } from '../../features/work/api/use-templates';
import { isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAssigneeOptions } from '../use-assignee-options';

/** One client's request (/app/requests/:requestId): what they asked for, and Reply, Accept as a service or Decline. */
export function ServiceRequestPage() {
  const { requestId = '' } = useParams();
  const request = useServiceRequest(requestId);
  const [dialog, setDialog] = useState<'accept' | 'decline' | null>(null);
  const templates = useTemplates();
  const staffOptions = useAssigneeOptions();
  const clientId = request.data?.client.id ?? '';
  const client = useClient(clientId, { enabled: clientId !== '' });
  const toast = useToast();
  useDocumentTitle(request.data ? `${request.data.category} — ${request.data.client.name}` : 'Request', 'Requests', 'Ledger Loom');

  const back = (
    <Link to="/app/requests" className="back-link">
      ← Requests
    </Link>
  );

  if (request.isPending) return <LoadingState label="Loading the request…" />;
  if (request.isError) {
    const missing = isApiError(request.error) && request.error.status === 404;
    return (
      <>
        <PageHeader title={missing ? 'Request not found' : 'Request'} eyebrow={back} />
        {missing ? <Alert tone="error">This request doesn't exist, or you don't have access to it.</Alert> : <ErrorState error={request.error} onRetry={() => void request.refetch()} />}
      </>
    );
  }

  const r = request.data;
  return (
    <div className="stack-lg">
      <PageHeader title={r.category} eyebrow={back} description={`Requested by ${r.requestedBy} of ${r.client.name} in the client portal.`} />
      <div className="request-layout">
        <Card title="Request" className="request-layout-main">
          <ServiceRequestDetails request={r} />
        </Card>
        <Card title="Decision" className="request-layout-side">
          {r.status === 'accepted' ? (
            <Alert tone="success" title="Accepted as a service">
              {r.serviceId ? <Link to={staffServicePath(r.serviceId)}>Open the service</Link> : 'The service is being set up.'}
            </Alert>
          ) : r.status === 'declined' ? (
            <Alert tone="info" title="Declined">
              {r.declineReason ? (
                <>
                  <p>The reason {r.client.name} sees:</p>
                  <RequestText text={r.declineReason} />
                </>
              ) : null}
            </Alert>
          ) : (
            <div className="stack">
              <p className="muted">
                {r.status === 'in_discussion' ? 'You are discussing it with the client. ' : ''}Accept it to set it up as a service they see in their portal, or decline it with a reason. Either
                way they are e-mailed.
              </p>
              <div className="request-actions">
                <Button variant="primary" onPress={() => setDialog('accept')}>
                  Accept as a service
                </Button>
                <Button variant="danger" onPress={() => setDialog('decline')}>
                  Decline
                </Button>
              </div>
            </div>
          )}
        </Card>
        <Card title="Reply" className="request-layout-reply">
          <ReplyToRequestForm key={r.id} request={r} />
        </Card>
      </div>
      <AcceptRequestDialog
        request={r}
        isOpen={dialog === 'accept'}
        onOpenChange={(isOpen) => setDialog(isOpen ? 'accept' : null)}
        templates={templates}
        staffOptions={staffOptions}
        defaultAssigneeId={client.data?.assignedStaffId ?? null}
        onAccepted={() => toast.show(`${r.client.name}’s request is now a service.`)}
      />
      <DeclineRequestDialog
        request={r}
        isOpen={dialog === 'decline'}
        onOpenChange={(isOpen) => setDialog(isOpen ? 'decline' : null)}
        onDeclined={() => toast.show(`${r.client.name}’s request was declined.`, 'info')}
      />
    </div>
  );
}
