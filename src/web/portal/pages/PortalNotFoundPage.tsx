import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/use-document-title';

export function PortalNotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="stack">
      <h1>Page not found</h1>
      <p>There's nothing at this address.</p>
      <Link to="/">Go to your Dashboard</Link>
    </div>
  );
}
