import { FileTrigger } from 'react-aria-components';
import { acceptedExtensions } from '../../../../contracts/documents';
import { Button } from '../../../components/Button';
import { formatFileSize } from '../../../lib/file-size';
import type { UploadItem } from '../../../lib/use-upload-queue';
import type { UploadedAttachment } from '../api/use-attachment-uploads';

export interface AttachmentPickerProps {
  items: ReadonlyArray<UploadItem<UploadedAttachment>>;
  onAdd: (files: File[]) => void;
  onCancel: (id: number) => void;
  onRemove: (id: number) => void;
  isDisabled?: boolean;
}

const MAX_ATTACHMENTS = 10;

function statusWords(item: UploadItem<UploadedAttachment>): string {
  switch (item.status) {
    case 'waiting':
      return 'Waiting to upload';
    case 'uploading':
      return `Uploading… ${Math.floor((item.loaded / Math.max(item.total || item.file.size, 1)) * 100)}%`;
    case 'done':
      return formatFileSize(item.result?.sizeBytes ?? item.file.size);
    case 'failed':
      return `Not uploaded: ${item.error ?? 'try again'}`;
    case 'cancelled':
      return 'Cancelled';
  }
}

/** "Attach files" and the files chosen so far, each uploading with its own progress, Cancel or Remove. */
export function AttachmentPicker({ items, onAdd, onCancel, onRemove, isDisabled }: AttachmentPickerProps) {
  const shown = items.filter((i) => i.status !== 'cancelled');
  const full = shown.filter((i) => i.status !== 'failed').length >= MAX_ATTACHMENTS;
  return (
    <div className="attachment-picker">
      <FileTrigger allowsMultiple acceptedFileTypes={[...acceptedExtensions]} onSelect={(list) => onAdd(list ? [...list] : [])}>
        <Button size="sm" variant="secondary" isDisabled={isDisabled || full}>
          <span aria-hidden="true" className="attach-icon" />
          Attach files
        </Button>
      </FileTrigger>
      {shown.length > 0 ? (
        <ul className="attachment-chips" aria-label="Files to send">
          {shown.map((item) => {
            const travelling = item.status === 'uploading' || item.status === 'waiting';
            return (
              <li key={item.id} className="attachment-chip" data-status={item.status}>
                <span className="attachment-chip-name">{item.file.name}</span>
                <span className="attachment-chip-status" role={item.status === 'failed' ? 'alert' : undefined}>
                  {statusWords(item)}
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  className="attachment-chip-remove"
                  aria-label={`${travelling ? 'Cancel' : 'Remove'} ${item.file.name}`}
                  onPress={() => (travelling ? onCancel(item.id) : onRemove(item.id))}
                  isDisabled={isDisabled}
                >
                  {travelling ? 'Cancel' : 'Remove'}
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {full ? <p className="field-description">At most {MAX_ATTACHMENTS} files per message.</p> : null}
    </div>
  );
}
