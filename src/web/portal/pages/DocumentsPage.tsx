import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { usePortalDocuments } from '../../features/portal-documents/api/use-portal-documents';
import { DocumentList } from '../../features/portal-documents/components/DocumentList';
import { UploadWidget } from '../../features/portal-documents/components/UploadWidget';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePortal, useSignedInClient } from '../portal-context';

/** Every document the client can see, the firm's and their own, and an upload not tied to a task. */
export function DocumentsPage() {
  const { slug, branding } = usePortal();
  const session = useSignedInClient();
  const firmName = branding.displayName;
  useDocumentTitle('Documents', firmName);
  const documents = usePortalDocuments(slug);
  const shared = documents.data?.filter((d) => d.uploadedBy === 'staff') ?? [];
  const yours = documents.data?.filter((d) => d.uploadedBy === 'portal') ?? [];
  const list = { slug, timeZone: branding.timeZone, firmName, viewerName: session.user.name, showContext: true };

  return (
    <div className="stack-lg">
      <header className="portal-page-header">
        <h1>Documents</h1>
        <p className="muted">The documents {firmName} has shared with you, and the ones you have uploaded.</p>
      </header>
      <section className="card documents-upload-card" aria-labelledby="documents-upload-title">
        <h2 id="documents-upload-title" className="documents-group-title">
          Send {firmName} a document
        </h2>
        <UploadWidget slug={slug} target={{}} note="When your accountant asks for a document on a task, upload it on that task instead, so it is ticked off there." />
      </section>
      {documents.isPending ? (
        <LoadingState label="Loading your documents…" />
      ) : documents.isError ? (
        <ErrorState error={documents.error} onRetry={() => void documents.refetch()} />
      ) : (
        <>
          <section className="documents-group" aria-labelledby="documents-shared-title">
            <h2 id="documents-shared-title" className="documents-group-title">
              Shared by {firmName}
            </h2>
            {shared.length === 0 ? (
              <div className="card">
                <EmptyState title="Nothing shared yet">Documents {firmName} shares with you, such as your lodged returns, will appear here.</EmptyState>
              </div>
            ) : (
              <DocumentList {...list} documents={shared} label={`Shared by ${firmName}`} />
            )}
          </section>
          <section className="documents-group" aria-labelledby="documents-yours-title">
            <h2 id="documents-yours-title" className="documents-group-title">
              Uploaded by you
            </h2>
            {yours.length === 0 ? (
              <div className="card">
                <EmptyState title="No uploads yet">Files you upload, here or on a task, will appear here.</EmptyState>
              </div>
            ) : (
              <DocumentList {...list} documents={yours} label="Uploaded by you" />
            )}
          </section>
        </>
      )}
    </div>
  );
}
