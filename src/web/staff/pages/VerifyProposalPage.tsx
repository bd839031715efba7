import { Link } from 'react-router';
import { Card, PageHeader } from '../../components/PageHeader';
import { VerifyPdfForm } from '../../features/proposals/components/VerifyPdfForm';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Verify a signed PDF: Intact, Altered or Unknown, checked against the evidence recorded at signing. */
export function VerifyProposalPage() {
  useDocumentTitle('Verify a signed PDF', 'Proposals', 'Ledger Loom');
  return (
    <div className="stack-lg">
      <PageHeader
        title="Verify a signed PDF"
        eyebrow={
          <Link to="/app/proposals" className="back-link">
            ← Proposals
          </Link>
        }
        description="Check that a signed proposal is exactly the PDF made when everyone signed: Intact, Altered (changed after signing), or Unknown (not one of your firm’s)."
      />
      <Card>
        <VerifyPdfForm />
      </Card>
    </div>
  );
}
