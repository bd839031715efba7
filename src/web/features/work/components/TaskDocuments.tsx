import { type ReactNode, useState } from 'react';
import type { Question, Task } from '../../../../contracts/work';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { FilePreviewDialog, type PreviewFile } from '../../../components/FilePreviewDialog';
import { formatFileSize } from '../../../lib/file-size';
import { formatCalendarDate, formatDate } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { DueDate } from './DueDate';

type TaskDocument = Task['documents'][number];

/** Where the upload form (from the documents feature, composed by the page) should send files. */
export interface TaskUploadTarget {
  taskId: string;
  /** The document request the files answer, if any. */
  requestId?: string | undefined;
  /** Names the upload area, e.g. "Upload for Bank statements Jul–Sep 2026". */
  label: string;
  /** Whether "Share with the client" starts on. */
  shareByDefault: boolean;
  onClose: () => void;
}

export type RenderUploader = (target: TaskUploadTarget) => ReactNode;

const downloadUrl = (id: string) => `/api/staff/documents/${encodeURIComponent(id)}/download`;
const previewUrl = (id: string) => `/api/staff/documents/${encodeURIComponent(id)}/preview`;

/** Today as yyyy-mm-dd in the firm's zone (due dates are calendar dates). */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function DocumentLine({ doc, versions, onPreview }: { doc: TaskDocument; versions: number | null; onPreview: (doc: TaskDocument) => void }) {
  const timeZone = useTimeZone();
  return (
    <div className="task-doc">
      <a href={downloadUrl(doc.id)} download className="task-doc-name" aria-label={`Download ${doc.fileName}`}>
        {doc.fileName}
      </a>
      <span className="task-doc-meta">
        {versions !== null ? `Version ${doc.version} of ${versions} · ` : ''}
        {doc.uploadedByName}
        {doc.uploadedBy === 'portal' ? ' (client)' : ''} · {formatDate(doc.createdAt, timeZone)} · {formatFileSize(doc.sizeBytes)}
        {doc.category ? ` · ${doc.category}` : ''}
      </span>
      {doc.visibleToClient ? null : <Badge tone="neutral">Not shared</Badge>}
      {doc.previewable ? (
        <Button size="sm" variant="ghost" onPress={() => onPreview(doc)} aria-label={`Preview ${doc.fileName}`}>
          Preview
        </Button>
      ) : null}
    </div>
  );
}

function RequestItem({
  task,
  request,
  docs,
  today,
  uploader,
  onUpload,
  onPreview,
}: {
  task: Task;
  request: Question;
  docs: TaskDocument[];
  today: string;
  uploader: ReactNode;
  onUpload: (() => void) | null;
  onPreview: (doc: TaskDocument) => void;
}) {
  const [latest, ...earlier] = docs;
  const versions = docs.reduce((max, d) => Math.max(max, d.version), 0);
  const fulfilled = latest !== undefined;
  const overdue = !fulfilled && request.dueDate !== null && request.dueDate < today;
  return (
    <li className="request-item" data-fulfilled={fulfilled || undefined}>
      <span className="request-check" aria-hidden="true">
        {fulfilled ? '✓' : ''}
      </span>
      <div className="request-body">
        <p className="request-prompt">
          <span className="visually-hidden">{fulfilled ? 'Received: ' : 'Not received yet: '}</span>
          {request.prompt}
        </p>
        <p className="question-meta request-meta">
          {fulfilled ? <Badge tone="success">Received</Badge> : <Badge tone="warning">Waiting for the client</Badge>}
          <span>{request.required ? 'Required' : 'Optional'}</span>
          {request.dueDate ? (
            <span>
              Due <DueDate date={request.dueDate} overdue={overdue} />
            </span>
          ) : null}
        </p>
        {latest ? <DocumentLine doc={latest} versions={versions} onPreview={onPreview} /> : null}
        {earlier.length > 0 ? (
          <details className="request-versions">
            <summary>
              Earlier {earlier.length === 1 ? 'version' : 'versions'} ({earlier.length})
            </summary>
            <ul className="task-doc-list">
              {earlier.map((d) => (
                <li key={d.id}>
                  <DocumentLine doc={d} versions={versions} onPreview={onPreview} />
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {uploader ??
          (onUpload ? (
            <div>
              <Button size="sm" variant="ghost" onPress={onUpload} aria-label={`Upload a file for ${request.prompt} (${task.name})`}>
                {fulfilled ? 'Upload a new version' : 'Upload for the client'}
              </Button>
            </div>
          ) : null)}
      </div>
    </li>
  );
}

/**
 * A task's document requests as a checklist (received or not, versions, due dates) and its other
 * documents. Staff can upload to the task, or against a request, when the page supplies an uploader.
 */
export function TaskDocuments({ task, renderUploader }: { task: Task; renderUploader?: RenderUploader | undefined }) {
  const timeZone = useTimeZone();
  const [uploadFor, setUploadFor] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewFile | null>(null);
  const requests = task.questions.filter((q) => q.kind === 'upload');
  const requestIds = new Set(requests.map((q) => q.id));
  const others = task.documents.filter((d) => d.requestId === null || !requestIds.has(d.requestId));
  const today = todayIn(timeZone);
  const received = requests.filter((q) => task.documents.some((d) => d.requestId === q.id)).length;
  const close = () => setUploadFor(null);
  const showPreview = (doc: TaskDocument) =>
    setPreview({ fileName: doc.fileName, contentType: doc.contentType, previewUrl: previewUrl(doc.id), downloadUrl: downloadUrl(doc.id) });
  const uploaderFor = (key: string, requestId: string | undefined, label: string) =>
    uploadFor === key && renderUploader ? renderUploader({ taskId: task.id, requestId, label, shareByDefault: task.clientVisible, onClose: close }) : null;

  if (requests.length === 0 && others.length === 0 && !renderUploader) return null;
  const headingId = `task-${task.id}-documents`;
  return (
    <section className="task-documents" aria-labelledby={headingId}>
      <h4 id={headingId} className="task-section-title">
        Documents
        {requests.length > 0 ? <span className="task-section-count"> · {received} of {requests.length} requested received</span> : null}
      </h4>
      {requests.length > 0 ? (
        <ul className="request-list" aria-label={`Documents requested for ${task.name}`}>
          {requests.map((q) => (
            <RequestItem
              key={q.id}
              task={task}
              request={q}
              docs={task.documents.filter((d) => d.requestId === q.id)}
              today={today}
              uploader={uploaderFor(q.id, q.id, `Upload for ${q.prompt}`)}
              onUpload={renderUploader ? () => setUploadFor(q.id) : null}
              onPreview={showPreview}
            />
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? (
        <ul className="task-doc-list" aria-label={requests.length > 0 ? `Other documents on ${task.name}` : `Documents on ${task.name}`}>
          {others.map((d) => (
            <li key={d.id}>
              <DocumentLine doc={d} versions={null} onPreview={showPreview} />
            </li>
          ))}
        </ul>
      ) : requests.length === 0 ? (
        <p className="muted">No documents on this task yet.</p>
      ) : null}
      {uploaderFor('task', undefined, `Upload documents to ${task.name}`) ??
        (renderUploader ? (
          <div>
            <Button size="sm" onPress={() => setUploadFor('task')} aria-label={`Upload documents to ${task.name}`}>
              Upload to this task
            </Button>
          </div>
        ) : null)}
      <FilePreviewDialog file={preview} onClose={() => setPreview(null)} />
    </section>
  );
}
