import { type FormEvent, useId, useState } from 'react';
import type { AnswerBody, Question, Task } from '../../../../contracts/work';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { RadioGroup } from '../../../components/RadioGroup';
import { TextField } from '../../../components/TextField';
import { isApiError } from '../../../lib/api-client';
import { centsToDollarText, parseDollarsToCents } from '../../../lib/format';
import { normaliseFieldPath } from '../../../lib/form-errors';

type AnswerValue = AnswerBody['answers'][number]['value'];
type Messages = Record<string, string>;

const YES_NO = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
];

/** What a field starts with: the saved draft, else the submitted answer. */
function initialText(q: Question): string {
  const v = q.draft ?? q.answer;
  if (v === null) return '';
  switch (q.kind) {
    case 'yes_no':
      return v === true ? 'yes' : v === false ? 'no' : '';
    case 'amount':
      return typeof v === 'number' ? centsToDollarText(v) : '';
    default:
      return typeof v === 'string' ? v : '';
  }
}

/** The field's text as the value the API takes, or why it cannot be one. */
function toValue(q: Question, text: string): { value: AnswerValue } | { error: string } {
  switch (q.kind) {
    case 'text':
      return { value: text.trim() === '' ? null : text };
    case 'yes_no':
      return { value: text === 'yes' ? true : text === 'no' ? false : null };
    case 'choice':
      return { value: text === '' ? null : text };
    case 'date':
      if (text === '') return { value: null };
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { value: text } : { error: 'Enter a date, like 28/04/2026.' };
    case 'amount': {
      if (text.trim().startsWith('-')) return { error: 'Enter an amount of $0 or more, like 1,250.50.' };
      const cents = parseDollarsToCents(text);
      if (cents === 'invalid') return { error: 'Enter an amount in dollars and cents, like 1,250.50.' };
      return { value: cents };
    }
    case 'upload':
      return { value: null };
  }
}

function short(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The server names the question at the start of its message; next to the question that is said already. */
function besideQuestion(prompt: string, message: string): string {
  const p = prompt.slice(0, 80);
  if (message.startsWith(`${p}: `)) {
    const rest = message.slice(p.length + 2);
    return `${rest.charAt(0).toUpperCase()}${rest.slice(1)}.`;
  }
  if (message.startsWith(`${p} `)) return `This answer ${message.slice(p.length + 1)}.`;
  return message;
}

/**
 * The server's 400/422/409 reply, sorted by question: `answers.<i>.value` is the i-th answer sent,
 * `question.<id>` a required question left unanswered; anything else is shown above the form.
 */
function serverMessages(error: unknown, sentIds: ReadonlyArray<string>, questions: ReadonlyArray<Question>) {
  const beside: Messages = {};
  const summary: Messages = {};
  let message: string | null = null;
  if (!error) return { beside, summary, message };
  if (!isApiError(error)) return { beside, summary, message: 'Your answers were not saved. Check your connection and try again.' };
  const other: string[] = [];
  for (const issue of error.errors) {
    const path = normaliseFieldPath(issue.path);
    const index = /^answers\.(\d+)/.exec(path)?.[1];
    const id = index !== undefined ? sentIds[Number(index)] : /^question\.(.+)$/.exec(path)?.[1];
    const q = questions.find((x) => x.id === id);
    // A document request has no field in this form (it is in the documents section): say it above the form.
    if (q && q.kind !== 'upload') {
      beside[q.id] ??= besideQuestion(q.prompt, issue.message);
      summary[q.id] ??= issue.message;
    } else other.push(issue.message);
  }
  // A 400 lists the same problems in its detail; 409 and 422 explain the whole submission.
  if (Object.keys(summary).length === 0 || error.status !== 400) message = error.userMessage;
  else if (other.length > 0) message = other.join(' ');
  return { beside, summary, message };
}

export interface QuestionsFormProps {
  task: Task;
  /** Sends the answers; `submit: false` saves a draft. */
  onSend: (body: AnswerBody, done: () => void) => void;
  isPending: boolean;
  pendingSubmit: boolean;
  error: unknown;
}

/** The questions on one task, each with the input its kind needs, saved as a draft or submitted. */
export function QuestionsForm({ task, onSend, isPending, pendingSubmit, error }: QuestionsFormProps) {
  const prefix = useId();
  const fieldId = (id: string) => `${prefix}-q-${id}`;
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(task.questions.map((q) => [q.id, initialText(q)])));
  const [mine, setMine] = useState<{ beside: Messages; summary: Messages }>({ beside: {}, summary: {} });
  const [sentIds, setSentIds] = useState<string[]>([]);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [draftSaved, setDraftSaved] = useState(false);

  const answerable = task.questions.filter((q) => q.kind !== 'upload');
  const server = serverMessages(error, sentIds, task.questions);
  const beside: Messages = { ...server.beside, ...mine.beside };
  const summary: Messages = { ...server.summary, ...mine.summary };
  for (const id of edited) {
    delete beside[id];
    delete summary[id];
  }
  const summaryMessage = Object.keys(mine.summary).length > 0 ? null : server.message;

  const setValue = (id: string, text: string) => {
    setValues((v) => ({ ...v, [id]: text }));
    setEdited((s) => (s.has(id) ? s : new Set([...s, id])));
    setDraftSaved(false);
  };

  const send = (submit: boolean) => {
    const nextBeside: Messages = {};
    const nextSummary: Messages = {};
    const answers: AnswerBody['answers'] = [];
    for (const q of answerable) {
      const result = toValue(q, values[q.id] ?? '');
      if ('error' in result) {
        nextBeside[q.id] = result.error;
        nextSummary[q.id] = `“${short(q.prompt)}” — ${result.error}`;
      } else if (submit && q.required && result.value === null) {
        nextBeside[q.id] = 'Please answer this question.';
        nextSummary[q.id] = `“${short(q.prompt)}” — please answer this question.`;
      } else {
        answers.push({ questionId: q.id, value: result.value });
      }
    }
    setMine({ beside: nextBeside, summary: nextSummary });
    setEdited(new Set());
    setDraftSaved(false);
    if (Object.keys(nextBeside).length > 0) return;
    setSentIds(answers.map((a) => a.questionId));
    onSend({ answers, submit }, () => {
      if (!submit) setDraftSaved(true);
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(true);
  };

  return (
    <form className="form questions-form" noValidate onSubmit={onSubmit} aria-label={`Answer the questions on ${task.name}`}>
      <FormErrorSummary errors={summary} labels={{}} fieldId={fieldId} message={summaryMessage} title="Please check your answers" />
      <ol className="portal-question-list">
        {answerable.map((q) => (
          <li key={q.id} className="portal-question">
            <QuestionInput question={q} id={fieldId(q.id)} value={values[q.id] ?? ''} onChange={(text) => setValue(q.id, text)} error={beside[q.id]} />
          </li>
        ))}
      </ol>
      {answerable.length > 0 ? (
        <>
          {draftSaved ? (
            <Alert tone="info">Draft saved. Your accountant sees your answers once you submit them.</Alert>
          ) : null}
          <div className="form-actions">
            <Button type="submit" variant="primary" isPending={isPending && pendingSubmit} isDisabled={isPending}>
              Submit answers
            </Button>
            <Button onPress={() => send(false)} isPending={isPending && !pendingSubmit} isDisabled={isPending}>
              Save draft
            </Button>
          </div>
        </>
      ) : null}
    </form>
  );
}

function QuestionInput({ question: q, id, value, onChange, error }: { question: Question; id: string; value: string; onChange: (text: string) => void; error: string | undefined }) {
  const optionalMark = q.required ? null : <span className="field-optional"> (optional)</span>;
  switch (q.kind) {
    case 'text':
      return <TextField id={id} label={q.prompt} value={value} onChange={onChange} error={error} multiline rows={3} optional={!q.required} isRequired={q.required} />;
    case 'yes_no':
      return (
        <RadioGroup
          id={id}
          label={
            <>
              {q.prompt}
              {optionalMark}
            </>
          }
          options={YES_NO}
          value={value}
          onChange={onChange}
          error={error}
          isRequired={q.required}
          orientation="horizontal"
        />
      );
    case 'choice':
      return (
        <RadioGroup
          id={id}
          label={
            <>
              {q.prompt}
              {optionalMark}
            </>
          }
          options={q.choices.map((c) => ({ id: c, label: c }))}
          value={value}
          onChange={onChange}
          error={error}
          isRequired={q.required}
        />
      );
    case 'date':
      return <DateField id={id} label={q.prompt} value={value} onChange={onChange} error={error} optional={!q.required} isRequired={q.required} className="field-date" />;
    case 'amount':
      return (
        <TextField
          id={id}
          label={q.prompt}
          value={value}
          onChange={onChange}
          error={error}
          optional={!q.required}
          isRequired={q.required}
          inputMode="decimal"
          autoComplete="off"
          description="In dollars and cents, e.g. 1,250.50"
          inputClassName="input-amount"
        />
      );
    case 'upload':
      // A document request: fulfilled by uploading in the task's documents section, not in this form.
      return null;
  }
}
