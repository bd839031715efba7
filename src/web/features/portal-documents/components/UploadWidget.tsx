import { type DragEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { acceptedExtensions, type PortalDocumentDto, type UploadLimits } from '../../../../contracts/documents';
import { Button } from '../../../components/Button';
import { ProgressBar } from '../../../components/ProgressBar';
import { isApiError } from '../../../lib/api-client';
import { formatFileSize } from '../../../lib/file-size';
import { type UploadTarget, useUploadPortalDocument } from '../api/upload-portal-document';
import { useUploadLimits } from '../api/use-upload-limits';
import { acceptedTypesText, acceptList, precheckFile, uploadErrorMessage } from './upload-checks';
import './portal-documents.css';

type Status = 'refused' | 'queued' | 'uploading' | 'received' | 'failed' | 'cancelled';

interface UploadItem {
  key: string;
  name: string;
  size: number;
  status: Status;
  /** Bytes of the request sent so far, of `total` (the file plus the form around it). */
  loaded: number;
  total: number;
  /** Why it was refused or failed, in words a person can act on. */
  message?: string;
  /** A failure worth trying again (the connection or the server, not the file). */
  canRetry?: boolean;
  doc?: PortalDocumentDto;
}

const FALLBACK_LIMITS: UploadLimits = { maxBytes: Number.POSITIVE_INFINITY, allowZip: false, acceptedExtensions: [...acceptedExtensions] };

export interface UploadWidgetProps {
  slug: string;
  /** A document request, a task, or nothing (the Documents area). */
  target: UploadTarget;
  /** The button's words (default "Upload", as the client guide says). */
  buttonText?: string;
  /**
   * The button's accessible name when several are on one page; it must start with the button's
   * words ("Upload Bank statements Jan–Mar").
   */
  buttonLabel?: string;
  /** "area": a drop area with the button and the accepted types; "inline": the button alone (files can still be dropped on it). */
  variant?: 'area' | 'inline';
  /** Uploads are closed (e.g. a completed task): the reason replaces the button ('' hides the button with no words). */
  closedReason?: string | null;
  /** A sentence under the button (area only), before the accepted types. */
  note?: string;
  /** Called once per file the server received. */
  onReceived?: (doc: PortalDocumentDto) => void;
}

/**
 * The one upload control of the portal: a keyboard-accessible Upload button (file picker, several
 * files at once) and drag and drop; each file is checked here first (type and size: a refused file is
 * never sent), then sent one after another with its own progress bar and Cancel. What the server
 * received is confirmed straight away ("Received: Sales report.pdf (1.2 MB)"); what it refused says why.
 * Changes are announced politely through one live region.
 */
export function UploadWidget({ slug, target, buttonText = 'Upload', buttonLabel, variant = 'area', closedReason = null, note, onReceived }: UploadWidgetProps) {
  const limitsQuery = useUploadLimits(slug);
  const limits = limitsQuery.data ?? FALLBACK_LIMITS;
  const start = useUploadPortalDocument(slug);
  const [items, setItems] = useState<UploadItem[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const files = useRef(new Map<string, File>());
  const controllers = useRef(new Map<string, AbortController>());
  const running = useRef<string | null>(null);
  const nextKey = useRef(0);
  const hintId = useId();
  const closed = closedReason !== null;

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }, []);

  const addFiles = (chosen: Iterable<File>) => {
    if (closed) return;
    const added: UploadItem[] = [];
    const refused: string[] = [];
    for (const file of chosen) {
      const key = `f${nextKey.current++}`;
      const problem = precheckFile(file, limits);
      if (problem) {
        added.push({ key, name: file.name, size: file.size, status: 'refused', loaded: 0, total: file.size, message: problem });
        refused.push(`${file.name} was not sent. ${problem}`);
      } else {
        files.current.set(key, file);
        added.push({ key, name: file.name, size: file.size, status: 'queued', loaded: 0, total: file.size });
      }
    }
    if (added.length === 0) return;
    setItems((list) => [...list, ...added]);
    const queued = added.length - refused.length;
    setAnnouncement([queued > 0 ? `Uploading ${queued} ${queued === 1 ? 'file' : 'files'}.` : '', ...refused].filter(Boolean).join(' '));
  };

  // One file at a time: each gets the whole connection, so a phone on a slow network finishes something.
  useEffect(() => {
    if (running.current) return;
    const next = items.find((i) => i.status === 'queued');
    const file = next ? files.current.get(next.key) : undefined;
    if (!next || !file) return;
    const { key } = next;
    running.current = key;
    const controller = new AbortController();
    controllers.current.set(key, controller);
    update(key, { status: 'uploading', loaded: 0, message: undefined });
    start(file, { target, signal: controller.signal, onProgress: (p) => update(key, { loaded: p.loaded, total: p.total }) })
      .then((doc) => {
        files.current.delete(key);
        update(key, { status: 'received', doc });
        setAnnouncement(`Received: ${doc.fileName} (${formatFileSize(doc.sizeBytes)}).`);
        onReceived?.(doc);
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') {
          files.current.delete(key);
          update(key, { status: 'cancelled' });
          setAnnouncement(`Upload of ${file.name} cancelled. Nothing was saved.`);
          return;
        }
        const message = uploadErrorMessage(error, limitsQuery.data);
        const canRetry = !isApiError(error) || error.status === 0 || error.status >= 500;
        if (!canRetry) files.current.delete(key);
        update(key, { status: 'failed', message, canRetry });
        setAnnouncement(`${file.name} was not uploaded. ${message}`);
      })
      .finally(() => {
        controllers.current.delete(key);
        running.current = null;
        // Wake the queue for the next file (the status change above re-renders too; this covers a no-op).
        setItems((list) => [...list]);
      });
  }, [items, start, target, update, limitsQuery.data, onReceived]);

  // Leaving the page mid-upload: ask first; leaving the component (another page in the portal) cancels.
  const busy = items.some((i) => i.status === 'uploading' || i.status === 'queued');
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);
  useEffect(() => {
    const inFlight = controllers.current;
    return () => {
      for (const c of inFlight.values()) c.abort();
    };
  }, []);

  const cancel = (item: UploadItem) => {
    const controller = controllers.current.get(item.key);
    if (controller) controller.abort();
    else {
      files.current.delete(item.key);
      update(item.key, { status: 'cancelled' });
      setAnnouncement(`Upload of ${item.name} cancelled. Nothing was saved.`);
    }
  };

  const retry = (item: UploadItem) => update(item.key, { status: 'queued', loaded: 0, total: item.size, message: undefined, canRetry: false });
  const clearFinished = () => setItems((list) => list.filter((i) => i.status === 'uploading' || i.status === 'queued'));

  const onDragEnter = (event: DragEvent) => {
    if (closed || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (closed || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (closed) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    addFiles(Array.from(event.dataTransfer.files));
  };

  const limitText = Number.isFinite(limits.maxBytes) ? `, up to ${formatFileSize(limits.maxBytes)} each` : '';
  const hint = `${acceptedTypesText(limits)}${limitText}.`;
  const finished = items.some((i) => i.status !== 'uploading' && i.status !== 'queued');

  return (
    <div className={`upload upload-${variant}`}>
      {closed ? (
        closedReason ? <p className="upload-closed muted">{closedReason}</p> : null
      ) : (
        <div className="upload-drop" data-dragging={dragging || undefined} onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
          <input
            ref={inputRef}
            type="file"
            multiple
            hidden
            tabIndex={-1}
            aria-hidden="true"
            accept={acceptList(limits).join(',')}
            onChange={(event) => {
              const chosen = Array.from(event.currentTarget.files ?? []);
              // Cleared so that choosing the same file again (after fixing it) is noticed.
              event.currentTarget.value = '';
              addFiles(chosen);
            }}
          />
          <Button variant={variant === 'area' ? 'primary' : 'secondary'} size={variant === 'area' ? 'md' : 'sm'} aria-label={buttonLabel} aria-describedby={variant === 'area' ? hintId : undefined} onPress={() => inputRef.current?.click()}>
            <span aria-hidden="true" className="upload-icon" />
            {buttonText}
          </Button>
          {variant === 'area' ? (
            <p id={hintId} className="upload-hint">
              {note ? <span className="upload-note">{note} </span> : null}
              <span className="upload-drag-words">Choose one or more files, or drag them here. </span>
              {hint}
            </p>
          ) : null}
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {items.length > 0 ? (
        <ul className="upload-list" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow key={item.key} item={item} onCancel={() => cancel(item)} onRetry={() => retry(item)} />
          ))}
        </ul>
      ) : null}
      {finished && !busy ? (
        <Button variant="ghost" size="sm" className="upload-clear" onPress={clearFinished}>
          Clear this list
        </Button>
      ) : null}
    </div>
  );
}

function UploadRow({ item, onCancel, onRetry }: { item: UploadItem; onCancel: () => void; onRetry: () => void }) {
  const size = formatFileSize(item.size);
  switch (item.status) {
    case 'queued':
    case 'uploading': {
      const percent = item.total > 0 ? Math.min(100, Math.round((item.loaded / item.total) * 100)) : 0;
      // Once every byte is sent the server is checking and storing the file: cancelling then could not
      // promise that nothing was kept, so Cancel is offered only while the file is on its way.
      const sent = item.status === 'uploading' && item.total > 0 && item.loaded >= item.total;
      return (
        <li className="upload-item" data-status={item.status}>
          <ProgressBar
            label={`Uploading ${item.name}`}
            value={item.status === 'queued' ? 0 : item.loaded}
            maxValue={item.total}
            valueLabel={item.status === 'queued' ? 'Waiting to start' : sent ? 'Sent — checking the file…' : `${percent}% of ${size}`}
            className="upload-progress"
          />
          {sent ? null : (
            <Button variant="ghost" size="sm" aria-label={`Cancel upload of ${item.name}`} onPress={onCancel}>
              Cancel
            </Button>
          )}
        </li>
      );
    }
    case 'received':
      return (
        <li className="upload-item" data-status="received">
          <span className="upload-mark upload-mark-ok" aria-hidden="true">
            ✓
          </span>
          <p className="upload-text">
            Received: {item.doc?.fileName ?? item.name} ({formatFileSize(item.doc?.sizeBytes ?? item.size)})
            {item.doc && item.doc.version > 1 ? ` — Version ${item.doc.version}` : ''}
          </p>
        </li>
      );
    case 'cancelled':
      return (
        <li className="upload-item" data-status="cancelled">
          <span className="upload-mark" aria-hidden="true">
            –
          </span>
          <p className="upload-text muted">Cancelled: {item.name}. Nothing was saved.</p>
        </li>
      );
    case 'refused':
    case 'failed':
      return (
        <li className="upload-item" data-status={item.status}>
          <span className="upload-mark upload-mark-bad" aria-hidden="true">
            !
          </span>
          <div className="upload-text">
            <p className="upload-error-title">
              {item.status === 'refused' ? 'Not sent' : 'Not uploaded'}: {item.name} ({size})
            </p>
            <p className="upload-error">{item.message}</p>
          </div>
          {item.canRetry ? (
            <Button size="sm" aria-label={`Try uploading ${item.name} again`} onPress={onRetry}>
              Try again
            </Button>
          ) : null}
        </li>
      );
  }
}
