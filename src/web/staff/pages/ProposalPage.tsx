import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ProposalDetail } from '../../../contracts/proposals';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/Dialog';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { usePortalUsers } from '../../features/clients/api/use-portal-users';
import { useFirmSettings } from '../../features/firm/api/use-firm-settings';
import { ProposalDocument } from '../../features/proposal-signing/components/ProposalDocument';
import { proposalPath, proposalPdfUrl, sourceRequestPath } from '../../features/proposals/api/keys';
import { useProposal, useProposalAction } from '../../features/proposals/api/use-proposal';
import { useProposalTemplates } from '../../features/proposals/api/use-proposals';
import { ProposalEditor } from '../../features/proposals/components/ProposalEditor';
import { ProposalStatusBadge } from '../../features/proposals/components/ProposalStatusBadge';
import { AcceptanceOutcome, EvidenceEvents, VersionList } from '../../features/proposals/components/ProposalTracking';
import { SignerTracking } from '../../features/proposals/components/SignerTracking';
import { useTemplates } from '../../features/work/api/use-templates';
import { errorMessage, isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ClientPicker } from '../ClientPicker';

const UUID = /^[0-9a-f-]{36}$/i;

const back = (
  <Link to="/app/proposals" className="back-link">
    ← Proposals
  </Link>
);

/** The editor with what it needs from elsewhere: templates, the firm's services and GST registration, the client's portal users. */
function DraftEditor({ proposal, initialClientId }: { proposal: ProposalDetail | null; initialClientId: string }) {
  const navigate = useNavigate();
  const firm = useFirmSettings();
  const services = useTemplates();
  const templates = useProposalTemplates({ enabled: !services.isPending });
  const [clientId, setClientId] = useState(proposal?.client.id ?? initialClientId);
  const users = usePortalUsers(clientId || 'none');
  if (firm.isPending || templates.isPending) return <LoadingState label="Loading templates and settings…" />;
  if (firm.isError) return <ErrorState error={firm.error} onRetry={() => void firm.refetch()} />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  return (
    <ProposalEditor
      proposal={proposal}
      clientId={clientId}
      renderClientPicker={({ id, error }) => <ClientPicker id={id} label="Client" clientId={clientId} onChange={setClientId} placeholder="Type a client’s name" error={error} />}
      templates={templates.data}
      serviceTemplateOptions={(services.data ?? []).map((t) => ({ id: t.id, label: t.name }))}
      portalUsers={clientId && users.data ? users.data : []}
      gstRegistered={firm.data.gstRegistered}
      onCreated={(p) => void navigate(proposalPath(p.id), { replace: true })}
      onSent={(p) => void navigate(proposalPath(p.id), { replace: true })}
    />
  );
}

/** /app/proposals/new?clientId=…: a new draft, blank or from a template. */
export function NewProposalPage() {
  useDocumentTitle('New proposal', 'Proposals', 'Ledger Loom');
  const [params] = useSearchParams();
  const clientId = params.get('clientId') ?? '';
  return (
    <div className="stack-lg">
      <PageHeader title="New proposal" eyebrow={back} description="A draft until you send it. Start from a template for a common engagement, or from blank." />
      <DraftEditor proposal={null} initialClientId={UUID.test(clientId) ? clientId : ''} />
    </div>
  );
}

/** Withdraw (confirmed), New version, Download PDF. */
function SentActions({ proposal }: { proposal: ProposalDetail }) {
  const action = useProposalAction();
  const toast = useToast();
  const [withdrawing, setWithdrawing] = useState(false);
  const canWithdraw = proposal.status === 'sent' || proposal.status === 'expired';
  const canRevise = proposal.status !== 'accepted' && proposal.status !== 'draft';
  return (
    <div className="proposal-actions">
      {proposal.currentVersion > 0 ? (
        <a className="btn btn-secondary" href={proposalPdfUrl(proposal.id)} download>
          Download PDF
        </a>
      ) : null}
      {canRevise ? (
        <Button
          variant="secondary"
          isPending={action.isPending && action.variables?.action === 'revise'}
          onPress={() =>
            action.mutate(
              { id: proposal.id, action: 'revise', version: proposal.version },
              { onSuccess: () => toast.show('A new version is ready to change. The old signing links no longer work.'), onError: (e) => toast.show(errorMessage(e), 'error') },
            )
          }
        >
          New version
        </Button>
      ) : null}
      {canWithdraw ? (
        <Button variant="danger" onPress={() => setWithdrawing(true)}>
          Withdraw
        </Button>
      ) : null}
      <ConfirmDialog
        isOpen={withdrawing}
        onOpenChange={(open) => {
          if (!open) action.reset();
          setWithdrawing(open);
        }}
        title="Withdraw this proposal?"
        confirmLabel="Withdraw proposal"
        destructive
        isPending={action.isPending}
        error={action.error && action.variables?.action === 'withdraw' ? errorMessage(action.error) : null}
        onConfirm={() => action.mutate({ id: proposal.id, action: 'withdraw', version: proposal.version }, { onSuccess: () => setWithdrawing(false) })}
      >
        <p>The signing links stop working at once and {proposal.client.name} can no longer sign it. Signatures already given are kept in the evidence.</p>
      </ConfirmDialog>
    </div>
  );
}

/** /app/proposals/:proposalId: a draft opens in the editor; a sent one shows its tracking, versions and evidence. */
export function ProposalPage() {
  const { proposalId = '' } = useParams();
  const proposal = useProposal(proposalId);
  useDocumentTitle(proposal.data?.title ?? null, 'Proposals', 'Ledger Loom');

  if (proposal.isPending) return <LoadingState label="Loading proposal…" />;
  if (proposal.isError) {
    if (isApiError(proposal.error) && (proposal.error.status === 404 || proposal.error.status === 400)) {
      return (
        <>
          <PageHeader title="Proposal not found" eyebrow={back} />
          <Alert tone="error">This proposal doesn't exist, or you don't have access to it.</Alert>
        </>
      );
    }
    return (
      <>
        <PageHeader title="Proposal" eyebrow={back} />
        <ErrorState error={proposal.error} onRetry={() => void proposal.refetch()} />
      </>
    );
  }

  const p = proposal.data;
  const chosen = new Set(p.chosenOptionalItemIds ?? []);
  return (
    <div className="stack-lg">
      <PageHeader
        title={p.title}
        eyebrow={back}
        description={
          <span className="invoice-subtitle">
            {p.client.id ? <Link to={`/app/clients/${p.client.id}`}>{p.client.name}</Link> : <span>{p.client.name} <span className="badge badge-neutral">Prospect</span></span>}
            <ProposalStatusBadge status={p.status} />
            {p.currentVersion > 0 ? <span className="muted">Version {p.currentVersion}{p.status === 'draft' ? ` sent; version ${p.currentVersion + 1} being prepared` : ''}</span> : null}
            {p.sourceRequestId ? <Link to={sourceRequestPath(p.sourceRequestId)}>Answers a service request</Link> : null}
          </span>
        }
        actions={p.status === 'draft' ? null : <SentActions proposal={p} />}
      />
      {p.status === 'draft' ? (
        <>
          <DraftEditor key={`${p.id}-${p.version}`} proposal={p} initialClientId={p.client.id ?? ''} />
          <VersionList proposal={p} />
          <EvidenceEvents proposal={p} />
        </>
      ) : (
        <>
          <AcceptanceOutcome proposal={p} />
          <div className="proposal-layout">
            <ProposalDocument content={p.content} chosen={chosen} choiceKnown={p.chosenOptionalItemIds !== null} />
            <div className="stack-lg">
              <SignerTracking proposal={p} />
              <VersionList proposal={p} />
            </div>
          </div>
          <EvidenceEvents proposal={p} />
        </>
      )}
    </div>
  );
}
