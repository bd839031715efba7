import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ProposalStatus } from '../../../contracts/proposals';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { useClient } from '../../features/clients/api/use-client';
import { proposalPath } from '../../features/proposals/api/keys';
import { useProposalTemplates } from '../../features/proposals/api/use-proposals';
import { ProposalStatusBadge } from '../../features/proposals/components/ProposalStatusBadge';
import { staffServicePath } from '../../features/service-requests/api/keys';
import { useServiceRequest } from '../../features/service-requests/api/use-service-request';
import { AcceptRequestDialog } from '../../features/service-requests/components/AcceptRequestDialog';
import { DeclineRequestDialog } from '../../features/service-requests/components/DeclineRequestDialog';
import { ProposeRequestDialog } from '../../features/service-requests/components/ProposeRequestDialog';
import { ReplyToRequestForm } from '../../features/service-requests/components/ReplyToRequestForm';
import { RequestText } from '../../features/service-requests/components/RequestText';
import { ServiceRequestDetails } from '../../features/service-requests/components/ServiceRequestDetails';
import { useTemplates } from '../../features/work/api/use-templates';
import { isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAssigneeOptions } from '../use-assignee-options';

/** A proposal that decides the request while it is a draft, out for signature or accepted (the server refuses Accept, Decline and another proposal with 409). */
const proposalInPlay = (status: ProposalStatus | null) => status === 'draft' || status === 'sent' || status === 'accepted';

/** What the linked proposal means for the request, in words. */
const proposalWords: Record<ProposalStatus, string> = {
  draft: 'A draft proposal answers this request. Check it and send it; until then the client sees nothing.',
  sent: 'The proposal is waiting for the client’s signature. When everyone has signed, the request is Accepted.',
  accepted: 'The client accepted and signed the proposal.',
  declined: 'The client declined the proposal. Make a new proposal, reply, or decide the request here.',
  withdrawn: 'The proposal was withdrawn. Make a new proposal, reply, or decide the request here.',
  expired: 'The proposal expired before everyone signed. Make a new proposal, reply, or decide the request here.',
};

/** The proposal made from the request: its status, what that means, and the way to it. */
function LinkedProposal({ proposalId, status }: { proposalId: string; status: ProposalStatus }) {
  return (
    <section className="request-proposal stack-sm" aria-labelledby="request-proposal-title">
      <div className="request-proposal-head">
        <h3 id="request-proposal-title" className="request-subtitle">
          Proposal
        </h3>
        <ProposalStatusBadge status={status} />
      </div>
      <p className="muted">{proposalWords[status]}</p>
      <p>
        <Link to={proposalPath(proposalId)}>{status === 'draft' ? 'Open the draft proposal' : 'Open the proposal'}</Link>
      </p>
    </section>
  );
}

/** One client's request (/app/requests/:requestId): what they asked for, and Reply, Make a proposal, Accept as a service or Decline. */
export function ServiceRequestPage() {
  const { requestId = '' } = useParams();
  const request = useServiceRequest(requestId);
  const [dialog, setDialog] = useState<'accept' | 'decline' | 'propose' | null>(null);
  const navigate = useNavigate();
  const templates = useTemplates();
  // The proposal templates name the firm's service templates, so ask once those are loaded (as the proposal editor does).
  const proposalTemplates = useProposalTemplates({ enabled: !templates.isPending });
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
  const inPlay = proposalInPlay(r.proposalStatus);
  return (
    <div className="stack-lg">
      <PageHeader title={r.category} eyebrow={back} description={`Requested by ${r.requestedBy} of ${r.client.name} in the client portal.`} />
      <div className="request-layout">
        <Card title="Request" className="request-layout-main">
          <ServiceRequestDetails request={r} />
        </Card>
        <Card title="Decision" className="request-layout-side">
          {r.status === 'accepted' ? (
            <div className="stack">
              <Alert tone="success" title={r.proposalStatus === 'accepted' ? 'Accepted through a proposal' : 'Accepted as a service'}>
                {r.serviceId ? <Link to={staffServicePath(r.serviceId)}>Open the service</Link> : r.proposalStatus === 'accepted' ? 'No service was set up from the proposal.' : 'The service is being set up.'}
              </Alert>
              {r.proposalId && r.proposalStatus ? <LinkedProposal proposalId={r.proposalId} status={r.proposalStatus} /> : null}
            </div>
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
              {r.proposalId && r.proposalStatus ? <LinkedProposal proposalId={r.proposalId} status={r.proposalStatus} /> : null}
              {inPlay ? (
                <p className="muted">
                  While the proposal is {r.proposalStatus === 'draft' ? 'a draft' : 'out for signature'}, it decides this request. To accept the request as a service or decline it,
                  withdraw the proposal first.
                </p>
              ) : (
                <p className="muted">
                  {r.status === 'in_discussion' && !r.proposalId ? 'You are discussing it with the client. ' : ''}Make a proposal for them to sign, accept it as a service they see in
                  their portal, or decline it with a reason.
                </p>
              )}
              <div className="request-actions">
                {inPlay ? null : (
                  <Button variant="primary" onPress={() => setDialog('propose')}>
                    {r.proposalId ? 'Make a new proposal' : 'Make a proposal'}
                  </Button>
                )}
                <Button variant="secondary" onPress={() => setDialog('accept')} isDisabled={inPlay}>
                  Accept as a service
                </Button>
                <Button variant="danger" onPress={() => setDialog('decline')} isDisabled={inPlay}>
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
      <ProposeRequestDialog
        request={r}
        isOpen={dialog === 'propose'}
        onOpenChange={(isOpen) => setDialog(isOpen ? 'propose' : null)}
        templates={proposalTemplates.data ?? []}
        onProposed={({ proposal }) => {
          setDialog(null);
          toast.show('Draft proposal made. Check the items and prices, then send it.');
          void navigate(proposalPath(proposal.id));
        }}
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
