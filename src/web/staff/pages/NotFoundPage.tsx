import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found', 'Ledger Loom');
  return (
    <>
      <PageHeader title="Page not found" description="There's nothing at this address. It may have moved, or the link may be mistyped." />
      <Link to="/app/clients">Go to Clients</Link>
    </>
  );
}
