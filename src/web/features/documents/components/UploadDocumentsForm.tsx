import { useState } from 'react';
import { acceptedTypesSentence, type DocumentDto } from '../../../../contracts/documents';
import { Button } from '../../../components/Button';
import { FileDropZone } from '../../../components/FileDropZone';
import { Select } from '../../../components/Select';
import { ErrorState } from '../../../components/States';
import { Switch } from '../../../components/Switch';
import { UploadList } from '../../../components/UploadList';
import { formatFileSize } from '../../../lib/file-size';
import { useUploadDocuments } from '../api/use-upload-documents';
import { useUploadLimits } from '../api/use-upload-limits';
import { type CategoryChoice, categoryOptions, NO_CATEGORY, toCategory } from './document-labels';
import './documents.css';

export interface UploadDocumentsFormProps {
  clientId: string;
  /** Names the drop zone: "Upload documents for Coastal Coffee", "Upload for Bank statements Jul–Sep". */
  label: string;
  taskId?: string | undefined;
  /** The "Please upload" request these files answer (a new version when it already has one). */
  requestId?: string | undefined;
  /** Whether "Share with the client" starts on (an internal task starts with it off). */
  defaultShare?: boolean;
  onUploaded?: (doc: DocumentDto) => void;
  /** Shown as a Close button when given (e.g. folding the form away on a task card). */
  onClose?: () => void;
}

function describe(doc: DocumentDto): string {
  return [
    formatFileSize(doc.sizeBytes),
    doc.category ?? 'no category',
    doc.visibleToClient ? 'shared with the client' : 'not shared with the client',
    doc.version > 1 ? `version ${doc.version}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Send files to a client (or to a task, or against a document request): choose the category and
 * whether the client sees them, then drop or pick files; each shows its progress, Cancel, and
 * afterwards what was received or why not.
 */
export function UploadDocumentsForm({ clientId, label, taskId, requestId, defaultShare = true, onUploaded, onClose }: UploadDocumentsFormProps) {
  const limits = useUploadLimits();
  const [category, setCategory] = useState<CategoryChoice>(NO_CATEGORY);
  const [share, setShare] = useState(defaultShare);
  const queue = useUploadDocuments(clientId, limits.data, onUploaded);

  const done = queue.items.filter((i) => i.status === 'done').length;
  const failed = queue.items.filter((i) => i.status === 'failed').length;
  const finished = queue.items.length > 0 && !queue.busy;

  const hint = limits.data
    ? `${acceptedTypesSentence}${limits.data.allowZip ? ', and ZIP files' : ''}. Up to ${formatFileSize(limits.data.maxBytes)} each.`
    : `${acceptedTypesSentence}.`;

  return (
    <div className="upload-form" role="group" aria-label={label}>
      {limits.isError ? <ErrorState error={limits.error} title="The upload limits didn't load" onRetry={() => void limits.refetch()} /> : null}
      <div className="upload-form-options">
        <Select label="Category" options={categoryOptions} value={category} onChange={setCategory} description="Applies to the files you add next." className="upload-category" />
        <Switch isSelected={share} onChange={setShare} description={share ? 'The client sees these files in the portal.' : 'Only your team sees these files.'}>
          Share with the client
        </Switch>
      </div>
      <FileDropZone
        label={label}
        acceptedFileTypes={limits.data ? [...limits.data.acceptedExtensions, ...(limits.data.allowZip ? ['.zip'] : [])] : undefined}
        onFiles={(files) => queue.add(files, { taskId, requestId, category: toCategory(category), visibleToClient: share })}
        hint={hint}
        isDisabled={limits.isPending}
      />
      {finished ? (
        <p className="upload-summary">
          {done > 0 ? `${done} ${done === 1 ? 'file' : 'files'} received.` : 'Nothing was received.'}
          {failed > 0 ? ` ${failed} not uploaded: see why below.` : ''}
        </p>
      ) : null}
      <UploadList items={queue.items} onCancel={queue.cancel} onDismiss={queue.dismiss} describeResult={describe} label={`Files for ${label}`} />
      {finished || onClose ? (
        <div className="row upload-form-actions">
          {finished ? (
            <Button size="sm" variant="ghost" onPress={queue.clearFinished}>
              Clear the list
            </Button>
          ) : null}
          {onClose ? (
            <Button size="sm" onPress={onClose} isDisabled={queue.busy}>
              Close
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
