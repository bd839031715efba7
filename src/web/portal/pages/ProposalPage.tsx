import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { ErrorState, LoadingState } from '../../components/States';
import { portalDocumentsPath, portalProposalsPath } from '../../features/proposal-signing/api/keys';
import { usePortalDecision } from '../../features/proposal-signing/api/use-portal-decision';
import { usePortalProposal } from '../../features/proposal-signing/api/use-portal-proposal';
import { ProposalStatusBadge } from '../../features/proposal-signing/components/ProposalStatusBadge';
import { SigningView } from '../../features/proposal-signing/components/SigningView';
import { isApiError } from '../../lib/api-client';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal } from '../portal-context';

/** One proposal in the portal: the whole proposal, then Accept and sign or Decline. */
export function ProposalPage() {
  const { proposalId = '' } = useParams();
  const { slug, branding } = usePortal();
  const proposal = usePortalProposal(slug, proposalId);
  const { accept, decline } = usePortalDecision(slug, proposalId);
  useDocumentTitle(proposal.data?.content.title ?? 'Proposal', branding.displayName);

  const back = (
    <Link to={portalProposalsPath} className="back-link">
      ← Proposals
    </Link>
  );

  if (proposal.isPending) return <LoadingState label="Loading the proposal…" />;
  if (proposal.isError) {
    const missing = isApiError(proposal.error) && (proposal.error.status === 404 || proposal.error.status === 400);
    return (
      <div className="stack-lg">
        {back}
        {missing ? (
          <Alert tone="error" title="We couldn't find this proposal">
            The link may not be quite right, or {branding.displayName} replaced it with a newer one. Your proposals are listed under Proposals.
          </Alert>
        ) : (
          <ErrorState error={proposal.error} onRetry={() => void proposal.refetch()} />
        )}
      </div>
    );
  }

  const p = proposal.data;
  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <div className="page-header-eyebrow">{back}</div>
        <h1>{p.content.title}</h1>
        <p>
          <ProposalStatusBadge status={p.status} />
        </p>
      </header>
      <SigningView
        proposal={p}
        accept={accept}
        decline={decline}
        timeZone={branding.timeZone}
        logoUrl={branding.logoUrl}
        signedPdfLink={
          p.signedDocumentId ? (
            <Link to={portalDocumentsPath} className="signing-documents-link">
              Open the signed PDF in Documents
            </Link>
          ) : null
        }
      />
    </div>
  );
}
