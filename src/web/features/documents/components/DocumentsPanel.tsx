import { useState } from 'react';
import type { DocumentDto } from '../../../../contracts/documents';
import { Button } from '../../../components/Button';
import { Checkbox } from '../../../components/Checkbox';
import { ConfirmActionDialog } from '../../../components/Dialog';
import { FilePreviewDialog, type PreviewFile } from '../../../components/FilePreviewDialog';
import { Card } from '../../../components/PageHeader';
import { Select, type SelectOption } from '../../../components/Select';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import { documentDownloadUrl, documentPreviewUrl } from '../api/keys';
import { useClientDocuments } from '../api/use-client-documents';
import { useDeleteDocument } from '../api/use-delete-document';
import { useUpdateDocument } from '../api/use-update-document';
import { type DocumentAction, DocumentsTable } from './DocumentsTable';
import { EditDocumentDialog, type EditMode } from './EditDocumentDialogs';
import { UploadDocumentsForm } from './UploadDocumentsForm';
import './documents.css';

const ALL = 'all';

export interface DocumentsPanelProps {
  clientId: string;
  clientName: string;
  /** The client's services, for the filter. */
  serviceOptions: ReadonlyArray<SelectOption>;
}

/** Every document of one client: filter, upload, and per document download, preview, rename, categorise, review, share, delete. */
export function DocumentsPanel({ clientId, clientName, serviceOptions }: DocumentsPanelProps) {
  const [serviceId, setServiceId] = useState<string>(ALL);
  const [unreviewed, setUnreviewed] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<PreviewFile | null>(null);
  const [edit, setEdit] = useState<{ doc: DocumentDto; mode: EditMode } | null>(null);
  const [toDelete, setToDelete] = useState<DocumentDto | null>(null);
  const filters = { serviceId: serviceId === ALL ? undefined : serviceId, unreviewed: unreviewed || undefined };
  const documents = useClientDocuments(clientId, filters);
  const update = useUpdateDocument();
  const remove = useDeleteDocument(clientId);
  const toast = useToast();
  const filtered = filters.serviceId !== undefined || unreviewed;

  const change = (doc: DocumentDto, body: Parameters<typeof update.mutate>[0]['body'], done: string) =>
    update.mutate({ id: doc.id, body }, { onSuccess: () => toast.show(done), onError: (error) => toast.show(errorMessage(error), 'error') });

  const act = (doc: DocumentDto, action: DocumentAction) => {
    switch (action) {
      case 'preview':
        return setPreview({ fileName: doc.fileName, contentType: doc.contentType, previewUrl: documentPreviewUrl(doc.id), downloadUrl: documentDownloadUrl(doc.id) });
      case 'rename':
      case 'categorise':
        return setEdit({ doc, mode: action });
      case 'review':
        return change(doc, { reviewed: true }, `${doc.fileName} marked reviewed.`);
      case 'unreview':
        return change(doc, { reviewed: false }, `${doc.fileName} marked not reviewed.`);
      case 'share':
        return change(doc, { visibleToClient: true }, `${doc.fileName} is now shared with ${clientName}.`);
      case 'unshare':
        return change(doc, { visibleToClient: false }, `${doc.fileName} is no longer shared with ${clientName}.`);
      case 'delete':
        return setToDelete(doc);
    }
  };

  return (
    <Card
      title="Documents"
      className="card-flush"
      actions={
        uploading ? null : (
          <Button variant="primary" size="sm" onPress={() => setUploading(true)}>
            Upload documents
          </Button>
        )
      }
    >
      {uploading ? (
        <div className="documents-upload">
          <UploadDocumentsForm clientId={clientId} label={`Upload documents for ${clientName}`} onClose={() => setUploading(false)} />
        </div>
      ) : null}
      <div className="documents-filters" role="group" aria-label="Filter documents">
        <Select
          label="Service"
          options={[{ id: ALL, label: 'All services' }, ...serviceOptions]}
          value={serviceId}
          onChange={setServiceId}
          className="documents-filter-service"
        />
        <Checkbox isSelected={unreviewed} onChange={setUnreviewed}>
          Not reviewed only
        </Checkbox>
      </div>
      {documents.isPending ? (
        <LoadingState label="Loading documents…" />
      ) : documents.isError ? (
        <div className="card-body">
          <ErrorState error={documents.error} onRetry={() => void documents.refetch()} />
        </div>
      ) : documents.data.length === 0 ? (
        filtered ? (
          <EmptyState title="No documents match these filters">Choose All services, or untick Not reviewed only.</EmptyState>
        ) : (
          <EmptyState title="No documents yet">
            Files {clientName} sends from the portal appear here, and so do the files you upload with Upload documents.
          </EmptyState>
        )
      ) : (
        <DocumentsTable
          documents={documents.data}
          label={`Documents of ${clientName}`}
          onAction={act}
          busyId={update.isPending ? update.variables.id : null}
        />
      )}

      <FilePreviewDialog file={preview} onClose={() => setPreview(null)} />
      <EditDocumentDialog edit={edit} onClose={() => setEdit(null)} />
      <ConfirmActionDialog
        target={toDelete}
        onClose={() => setToDelete(null)}
        action={remove}
        title={`Delete ${toDelete?.fileName ?? 'this document'}?`}
        confirmLabel="Delete document"
        destructive
        onConfirm={(doc) =>
          remove.mutate(doc.id, {
            onSuccess: () => {
              setToDelete(null);
              toast.show(`${doc.fileName} deleted.`);
            },
          })
        }
      >
        <p>
          It is removed now: neither your team nor {clientName} will see it any more. The file itself is destroyed after the retention
          period. The deletion is recorded in the audit log.
        </p>
      </ConfirmActionDialog>
    </Card>
  );
}
