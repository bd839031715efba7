import type { Question, Task } from '../../../../contracts/work';
import { formatCalendarDate } from '../../../lib/format';
import { DocumentList } from './DocumentList';
import { UploadWidget } from './UploadWidget';
import './portal-documents.css';

export interface TaskDocumentsProps {
  slug: string;
  task: Task;
  timeZone: string;
  firmName: string;
  viewerName: string;
}

/** Today's calendar date in the firm's time zone, yyyy-mm-dd (en-CA writes dates that way). */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Where the firm stops taking uploads on a task (the server answers 409 there too). */
function closedReason(task: Task): string | null {
  return task.status === 'completed' ? 'This task is completed, so it no longer takes uploads. To send something else, use the Documents page.' : null;
}

/**
 * A task's documents section: the documents the accountant asked for, as a checklist (due date, a
 * tick once something was received, every version received), the other documents on the task (the
 * client's and those the firm shared), and the Upload button.
 */
export function TaskDocuments({ slug, task, timeZone, firmName, viewerName }: TaskDocumentsProps) {
  const requests = task.questions.filter((q) => q.kind === 'upload');
  const requestIds = new Set(requests.map((q) => q.id));
  const others = task.documents.filter((d) => d.requestId === null || !requestIds.has(d.requestId));
  const closed = closedReason(task);
  const headingId = `task-${task.id}-documents`;
  const requestsId = `task-${task.id}-requests`;

  return (
    <section className="task-documents" aria-labelledby={headingId}>
      <h4 id={headingId} className="task-documents-title">
        Documents
      </h4>
      {requests.length > 0 ? (
        <div className="stack-sm">
          <h5 id={requestsId} className="task-documents-subtitle">
            Requested by your accountant
          </h5>
          <ul className="doc-requests" aria-labelledby={requestsId}>
            {requests.map((q) => (
              <DocumentRequest key={q.id} slug={slug} task={task} request={q} closed={closed} timeZone={timeZone} firmName={firmName} viewerName={viewerName} />
            ))}
          </ul>
        </div>
      ) : null}
      {others.length > 0 ? (
        <div className="stack-sm">
          {requests.length > 0 ? <h5 className="task-documents-subtitle">Other documents on this task</h5> : null}
          <DocumentList slug={slug} documents={others} timeZone={timeZone} firmName={firmName} viewerName={viewerName} label={`Documents on ${task.name}`} />
        </div>
      ) : requests.length === 0 ? (
        <p className="muted">No documents on this task yet.</p>
      ) : null}
      <UploadWidget
        slug={slug}
        target={{ taskId: task.id }}
        buttonLabel={`Upload documents to ${task.name}`}
        closedReason={closed}
        note={requests.length > 0 ? 'For a requested document, use the Upload button next to it so it is ticked off.' : undefined}
      />
    </section>
  );
}

function DocumentRequest({ slug, task, request: q, closed, timeZone, firmName, viewerName }: { slug: string; task: Task; request: Question; closed: string | null; timeZone: string; firmName: string; viewerName: string }) {
  const files = task.documents.filter((d) => d.requestId === q.id);
  const received = files.length > 0;
  const overdue = !received && q.dueDate !== null && q.dueDate < todayIn(timeZone);
  return (
    <li className="doc-request" data-received={received || undefined} data-overdue={overdue || undefined}>
      <span className="doc-request-tick" aria-hidden="true">
        {received ? '✓' : ''}
      </span>
      <div className="doc-request-body">
        <p className="doc-request-prompt">
          {q.prompt}
          {q.required ? null : <span className="field-optional"> (optional)</span>}
        </p>
        <p className="doc-request-meta">
          <span className="doc-request-status">{received ? 'Received' : overdue ? 'Overdue' : 'Still needed'}</span>
          {q.dueDate ? <span> · Due {formatCalendarDate(q.dueDate)}</span> : null}
        </p>
        {received ? <DocumentList slug={slug} documents={files} timeZone={timeZone} firmName={firmName} viewerName={viewerName} label={`Files received for ${q.prompt}`} /> : null}
        <UploadWidget
          slug={slug}
          target={{ taskId: task.id, requestId: q.id }}
          variant="inline"
          buttonText={received ? 'Upload a new version' : 'Upload'}
          buttonLabel={received ? `Upload a new version of ${q.prompt}` : `Upload ${q.prompt}`}
          closedReason={closed ? '' : null}
        />
      </div>
    </li>
  );
}
