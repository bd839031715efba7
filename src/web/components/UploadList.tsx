import { useEffect, useRef, useState } from 'react';
import { formatFileSize } from '../lib/file-size';
import type { UploadItem } from '../lib/use-upload-queue';
import { Button } from './Button';
import { ProgressBar } from './ProgressBar';
import './uploads.css';

export interface UploadListProps<T> {
  items: ReadonlyArray<UploadItem<T>>;
  onCancel: (id: number) => void;
  onDismiss: (id: number) => void;
  /** What was received, in words ("Received · Invoice · shared with the client"). */
  describeResult?: (result: T) => string;
  label?: string;
}

function announcement<T>(item: UploadItem<T>): string | null {
  switch (item.status) {
    case 'done':
      return `${item.file.name} received.`;
    case 'failed':
      return `${item.file.name} was not uploaded. ${item.error ?? ''}`;
    case 'cancelled':
      return `Upload of ${item.file.name} cancelled.`;
    default:
      return null;
  }
}

/**
 * Each file being sent: a progress bar with Cancel while it travels, then what happened to it in
 * plain words. Outcomes are also announced politely (the bars themselves are not, to stay quiet).
 */
export function UploadList<T>({ items, onCancel, onDismiss, describeResult, label = 'Uploads' }: UploadListProps<T>) {
  const [message, setMessage] = useState('');
  const seen = useRef(new Map<number, string>());
  useEffect(() => {
    const news: string[] = [];
    for (const item of items) {
      if (seen.current.get(item.id) === item.status) continue;
      seen.current.set(item.id, item.status);
      const text = announcement(item);
      if (text) news.push(text);
    }
    if (news.length > 0) setMessage(news.join(' '));
  }, [items]);

  return (
    <div className="upload-list-wrap">
      <p className="visually-hidden" role="status" aria-live="polite">
        {message}
      </p>
      {items.length > 0 ? (
        <ul className="upload-list" aria-label={label}>
          {items.map((item) => (
            <li key={item.id} className="upload-item" data-status={item.status}>
              <div className="upload-item-header">
                <span className="upload-item-name">{item.file.name}</span>
                <span className="upload-item-size">{formatFileSize(item.file.size)}</span>
              </div>
              {item.status === 'uploading' || item.status === 'waiting' ? (
                <div className="upload-item-progress">
                  <ProgressBar
                    label={`Uploading ${item.file.name}`}
                    hideLabel
                    value={item.loaded}
                    maxValue={item.total || item.file.size}
                    valueLabel={
                      item.status === 'waiting'
                        ? 'Waiting to start'
                        : `${Math.floor((item.loaded / Math.max(item.total || item.file.size, 1)) * 100)}% · ${formatFileSize(item.loaded)} of ${formatFileSize(item.total || item.file.size)}`
                    }
                  />
                  <Button size="sm" variant="ghost" onPress={() => onCancel(item.id)} aria-label={`Cancel upload of ${item.file.name}`}>
                    Cancel
                  </Button>
                </div>
              ) : (
                <div className="upload-item-outcome">
                  {item.status === 'done' ? (
                    <span className="upload-outcome upload-outcome-done">
                      <span aria-hidden="true">✓ </span>Received{item.result && describeResult ? ` · ${describeResult(item.result)}` : ''}
                    </span>
                  ) : item.status === 'failed' ? (
                    <span className="upload-outcome upload-outcome-failed">
                      <span aria-hidden="true">! </span>Not uploaded: {item.error}
                    </span>
                  ) : (
                    <span className="upload-outcome muted">Cancelled: nothing was kept.</span>
                  )}
                  <Button size="sm" variant="ghost" onPress={() => onDismiss(item.id)} aria-label={`Remove ${item.file.name} from this list`}>
                    Remove from list
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
