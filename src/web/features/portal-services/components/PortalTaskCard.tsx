import { type ReactNode, useEffect, useRef, useState } from 'react';
import { type Task, taskStatusLabels } from '../../../../contracts/work';
import { Alert } from '../../../components/Alert';
import { Badge } from '../../../components/Badge';
import { formatCalendarDate } from '../../../lib/format';
import { formatAnswer } from '../../../lib/format-answer';
import { useAnswerQuestions } from '../api/use-answer-questions';
import { QuestionsForm } from './QuestionsForm';
import { clientTaskStatusTones } from './portal-task-words';
import './portal-services.css';

/** Questions already answered (or no longer open): read-only. Document requests are in the documents section. */
function AnswersList({ questions }: { questions: Task['questions'] }) {
  return (
    <dl className="portal-answers">
      {questions.map((q) => {
        const answer = formatAnswer(q, q.answer);
        return (
          <div key={q.id} className="portal-answer">
            <dt>{q.prompt}</dt>
            <dd>{answer ?? <span className="muted">Not answered</span>}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function Confirmation({ firmName }: { firmName: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // The form the person was in has gone: put them on the confirmation instead.
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="portal-confirmation">
      <Alert tone="success" title="Answers submitted">
        Thank you. {firmName} has your answers and will let you know if they need anything else.
      </Alert>
    </div>
  );
}

export interface PortalTaskCardProps {
  slug: string;
  task: Task;
  firmName: string;
  /** The task's documents section (requests, files, Upload), composed by the page from the documents feature. */
  documents?: ReactNode;
}

/**
 * One task: name, status in the client's words, due date, description, its documents section and the
 * questions from the accountant (document requests, questions of kind "upload", are answered by
 * uploading, in the documents section).
 */
export function PortalTaskCard({ slug, task, firmName, documents }: PortalTaskCardProps) {
  const answer = useAnswerQuestions(slug, task.id);
  const [submitted, setSubmitted] = useState(false);
  const waiting = task.status === 'waiting_on_client';
  const headingId = `task-${task.id}-name`;
  const questionsId = `task-${task.id}-questions`;
  const questions = task.questions.filter((q) => q.kind !== 'upload');

  return (
    <article id={`task-${task.id}`} className="portal-task" data-waiting={waiting || undefined} aria-labelledby={headingId}>
      <div className="portal-task-header">
        <h3 id={headingId} className="portal-task-name">
          {task.name}
        </h3>
        <Badge tone={clientTaskStatusTones[task.status]}>{taskStatusLabels[task.status]}</Badge>
      </div>
      <p className="portal-task-due">
        <span className="portal-task-due-label">Due date</span> {task.dueDate ? formatCalendarDate(task.dueDate) : 'Not set'}
      </p>
      {task.description ? <p className="portal-task-description">{task.description}</p> : null}
      {documents}
      {submitted ? <Confirmation firmName={firmName} /> : null}
      {questions.length > 0 ? (
        <section className="portal-task-questions" aria-labelledby={questionsId}>
          <h4 id={questionsId} className="portal-task-questions-title">
            Questions from your accountant
          </h4>
          {waiting ? (
            <QuestionsForm
              task={task}
              isPending={answer.isPending}
              pendingSubmit={answer.variables?.submit === true}
              error={answer.error}
              onSend={(body, done) =>
                answer.mutate(body, {
                  onSuccess: () => {
                    if (body.submit) setSubmitted(true);
                    done();
                  },
                })
              }
            />
          ) : (
            <AnswersList questions={questions} />
          )}
        </section>
      ) : null}
    </article>
  );
}
