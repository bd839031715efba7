import { useState } from 'react';
import { type QuestionKind, staffTaskStatusLabels, type Task, type TaskStatus } from '../../../../contracts/work';
import { PersonChip } from '../../../components/Avatar';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { Select } from '../../../components/Select';
import { useToast } from '../../../components/Toast';
import { formatDateTime } from '../../../lib/format';
import { formatAnswer } from '../../../lib/format-answer';
import { useTimeZone } from '../../../lib/time-zone';
import { useReloadService } from '../api/use-reload-service';
import { useUpdateTask } from '../api/use-update-task';
import { AskQuestionForm } from './AskQuestionForm';
import { ChangeError } from './ChangeError';
import { DueDate } from './DueDate';
import { type RenderUploader, TaskDocuments } from './TaskDocuments';
import { questionKindLabels, taskStatusOptions, taskStatusTones } from './work-labels';

/** The task's questions; "Please upload" requests are in the documents checklist instead. */
function QuestionList({ task }: { task: Task }) {
  const timeZone = useTimeZone();
  const questions = task.questions.filter((q) => q.kind !== 'upload');
  if (questions.length === 0) return null;
  return (
    <section className="task-questions" aria-labelledby={`task-${task.id}-questions`}>
      <h4 id={`task-${task.id}-questions`} className="task-section-title">
        Questions for the client
      </h4>
      <ol className="question-list">
        {questions.map((q) => {
          const answer = formatAnswer(q, q.answer);
          return (
            <li key={q.id} className="question-item">
              <p className="question-prompt">{q.prompt}</p>
              <p className="question-meta">
                {questionKindLabels[q.kind]}
                {q.required ? ' · required' : ' · optional'}
                {q.kind === 'choice' ? ` · ${q.choices.join(' / ')}` : ''}
              </p>
              <div className="question-answer">
                <span className="visually-hidden">Answer: </span>
                {answer !== null ? (
                  <>
                    <span className="answer-value">{answer}</span>
                    {q.answeredAt ? <span className="cell-secondary"> · answered {formatDateTime(q.answeredAt, timeZone)}</span> : null}
                  </>
                ) : (
                  <span className="muted">Not answered yet</span>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * One task: its status (changeable, with the server's reason when a move is not allowed), details,
 * questions and answers, and its documents (requests as a checklist; uploads when the page gives an uploader).
 */
export function TaskCard({ task, serviceId, renderUploader }: { task: Task; serviceId: string; renderUploader?: RenderUploader | undefined }) {
  const update = useUpdateTask(task.id);
  const refresh = useReloadService(serviceId);
  const toast = useToast();
  const [asking, setAsking] = useState<QuestionKind | null>(null);
  const headingId = `task-${task.id}-name`;

  const changeStatus = (status: TaskStatus) => {
    if (status === task.status) return;
    update.mutate(
      { version: task.version, status },
      { onSuccess: () => toast.show(`“${task.name}” is now ${staffTaskStatusLabels[status]}.`) },
    );
  };

  const canAsk = task.clientVisible && task.status !== 'completed';

  return (
    <article className="task-card" id={`task-${task.id}`} aria-labelledby={headingId}>
      <div className="task-card-header">
        <div className="task-card-title">
          <h3 id={headingId}>{task.name}</h3>
          <div className="row">
            <Badge tone={taskStatusTones[task.status]}>{staffTaskStatusLabels[task.status]}</Badge>
            {task.clientVisible ? null : <Badge tone="neutral">Internal</Badge>}
          </div>
        </div>
        <Select
          label={`Status of ${task.name}`}
          hideLabel
          className="task-status-select"
          options={taskStatusOptions}
          value={task.status}
          onChange={changeStatus}
          isDisabled={update.isPending}
        />
      </div>
      <dl className="task-facts">
        <div>
          <dt>Due</dt>
          <dd>
            <DueDate date={task.dueDate} overdue={task.overdue} />
          </dd>
        </div>
        <div>
          <dt>Assigned to</dt>
          <dd>
            <PersonChip person={task.assignee} />
          </dd>
        </div>
      </dl>
      {task.description ? <p className="task-description">{task.description}</p> : null}
      <ChangeError
        error={update.error}
        what="task"
        isReloading={refresh.isReloading}
        onReload={() => {
          void refresh.reload().then(() => update.reset());
        }}
      />
      <QuestionList task={task} />
      <TaskDocuments task={task} renderUploader={renderUploader} />
      {canAsk ? (
        asking ? (
          <AskQuestionForm taskId={task.id} taskName={task.name} initialKind={asking} onDone={() => setAsking(null)} />
        ) : (
          <div className="row">
            <Button size="sm" onPress={() => setAsking('text')} aria-label={`Ask the client a question about ${task.name}`}>
              Ask the client a question
            </Button>
            <Button size="sm" onPress={() => setAsking('upload')} aria-label={`Request a document for ${task.name}`}>
              Request a document
            </Button>
          </div>
        )
      ) : null}
    </article>
  );
}
