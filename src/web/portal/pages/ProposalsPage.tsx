import { EmptyState, QueryContent } from '../../components/States';
import { usePortalProposals } from '../../features/proposal-signing/api/use-portal-proposals';
import { PortalProposalList } from '../../features/proposal-signing/components/PortalProposalList';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal } from '../portal-context';

/** Proposals from the firm: review the details, scope and pricing, accept or decline, and sign electronically. */
export function ProposalsPage() {
  const { slug, branding } = usePortal();
  const firmName = branding.displayName;
  useDocumentTitle('Proposals', firmName);
  const proposals = usePortalProposals(slug);
  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <h1>Proposals</h1>
        <p className="muted">Proposals from {firmName}. Review the details, scope and pricing, then accept or decline — you sign electronically, and your e-signature is captured securely.</p>
      </header>
      <QueryContent query={proposals} loadingLabel="Loading your proposals…">
        {(items) =>
          items.length === 0 ? (
            <div className="card">
              <EmptyState title="No proposals yet">Proposals {firmName} sends you will appear here.</EmptyState>
            </div>
          ) : (
            <PortalProposalList proposals={items} timeZone={branding.timeZone} />
          )
        }
      </QueryContent>
    </div>
  );
}
