import { ButtonLink } from '../../components/Button';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { portalScope } from '../../features/messages/api/keys';
import { usePortalThreads } from '../../features/messages/api/use-portal-threads';
import { ThreadList } from '../../features/messages/components/ThreadList';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal } from '../portal-context';

/** Messages: the client's secure, private channel with the firm, organised in threads. */
export function MessagesPage() {
  const { slug, branding } = usePortal();
  const firmName = branding.displayName;
  useDocumentTitle('Messages', firmName);
  const threads = usePortalThreads(slug);

  return (
    <div className="stack-lg">
      <header className="portal-page-header portal-page-header-actions">
        <div className="portal-page-header-text">
          <h1>Messages</h1>
          <p className="muted">Your secure, private channel with {firmName}. Messages are organised in threads; you'll get an email when {firmName} replies.</p>
        </div>
        <ButtonLink to="/messages/new" variant="primary">
          New message
        </ButtonLink>
      </header>
      {threads.isPending ? (
        <LoadingState label="Loading your messages…" />
      ) : threads.isError ? (
        <ErrorState error={threads.error} onRetry={() => void threads.refetch()} />
      ) : threads.data.items.length === 0 ? (
        <div className="card">
          <EmptyState title="No messages yet">Ask {firmName} about your services or invoices, or share something that doesn't belong in a task, with New message.</EmptyState>
        </div>
      ) : (
        <ThreadList scope={portalScope(slug)} threads={threads.data.items} />
      )}
    </div>
  );
}
