import { type FormEvent, useState } from 'react';
import { createQuestionBodySchema, type QuestionKind, questionKinds } from '../../../../contracts/work';
import { Button } from '../../../components/Button';
import { Checkbox } from '../../../components/Checkbox';
import { DateField } from '../../../components/DateField';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select, type SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import { type CreateQuestionBody, useAskQuestion } from '../api/use-ask-question';
import { questionKindLabels } from './work-labels';

const LABELS = { kind: 'Kind of answer', prompt: 'Question', choices: 'Choices', dueDate: 'Due date' };
const UPLOAD_LABELS = { ...LABELS, prompt: 'Document requested' };
const MAX_CHOICES = 20;

const kindOptions: SelectOption<QuestionKind>[] = questionKinds.map((k) => ({ id: k, label: questionKindLabels[k] }));

const kindHelp: Record<QuestionKind, string> = {
  text: 'The client writes an answer.',
  yes_no: 'The client picks Yes or No.',
  choice: 'The client picks one of your choices.',
  date: 'The client enters a date.',
  amount: 'The client enters an amount in dollars and cents.',
  upload: 'Asks the client to upload a document in the portal. It joins the task’s documents checklist.',
};

/**
 * Ask the client something on a task, or request a document ("Please upload", with an optional due
 * date); the task then waits on the client ("Waiting on You" in their portal).
 */
export function AskQuestionForm({ taskId, taskName, initialKind = 'text', onDone }: { taskId: string; taskName: string; initialKind?: QuestionKind; onDone: () => void }) {
  const ask = useAskQuestion(taskId);
  const toast = useToast();
  const [kind, setKind] = useState<QuestionKind>(initialKind);
  const isRequest = kind === 'upload';
  const form = useForm({ prompt: '', dueDate: '' }, isRequest ? UPLOAD_LABELS : LABELS, ask.error);
  const [choices, setChoices] = useState<Array<{ key: number; text: string }>>([
    { key: 0, text: '' },
    { key: 1, text: '' },
  ]);
  const [nextKey, setNextKey] = useState(2);
  const [required, setRequired] = useState(true);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CreateQuestionBody = {
      kind,
      prompt: form.values.prompt,
      // Empty rows are left out; the contract then says when fewer than two remain.
      choices: kind === 'choice' ? choices.map((c) => c.text.trim()).filter((c) => c !== '') : [],
      required,
      // Only a document request has a due date; the contract refuses one on any other kind.
      dueDate: isRequest && form.values.dueDate ? form.values.dueDate : undefined,
    };
    if (!form.validate(createQuestionBodySchema, body)) return;
    ask.mutate(body, {
      onSuccess: () => {
        toast.show(
          isRequest
            ? `Document request added to “${taskName}”. The task now waits on the client.`
            : `Question added to “${taskName}”. The task now waits on the client.`,
        );
        onDone();
      },
    });
  };

  const choicesError = form.errorFor('choices') ?? Object.entries(form.errors).find(([k]) => k.startsWith('choices.'))?.[1];

  return (
    <form
      className="form ask-form"
      noValidate
      onSubmit={submit}
      aria-label={isRequest ? `Request a document for ${taskName}` : `Ask the client a question about ${taskName}`}
    >
      <FormErrorSummary {...form.summaryProps} />
      <div className="form-grid">
        <Select
          id={form.fieldId('kind')}
          label="Kind of answer"
          options={kindOptions}
          value={kind}
          onChange={setKind}
          description={kindHelp[kind]}
        />
        <Checkbox isSelected={required} onChange={setRequired} className="ask-required" description={isRequest ? 'The client must upload it before submitting.' : 'The client must answer before submitting.'}>
          Required
        </Checkbox>
        {isRequest ? (
          <>
            <TextField
              {...form.field('prompt')}
              label="Document requested"
              isRequired
              className="span-2"
              description="Plain words the client will understand, e.g. Bank statements Jul–Sep 2026."
            />
            <DateField
              id={form.fieldId('dueDate')}
              label="Due date"
              optional
              value={form.values.dueDate}
              onChange={(v) => form.setValue('dueDate', v)}
              error={form.errorFor('dueDate')}
              description="When you would like it by. The client sees this date."
            />
          </>
        ) : (
          <TextField {...form.field('prompt')} label="Question" isRequired multiline rows={2} className="span-2" description="Plain words the client will understand." />
        )}
      </div>
      {kind === 'choice' ? (
        <fieldset className="choices-editor">
          <legend className="field-label">Choices</legend>
          <ol className="choices-list">
            {choices.map((choice, i) => (
              <li key={choice.key} className="choices-row">
                <TextField
                  id={i === 0 ? form.fieldId('choices') : undefined}
                  label={`Choice ${i + 1}`}
                  value={choice.text}
                  onChange={(v) => setChoices((list) => list.map((c) => (c.key === choice.key ? { ...c, text: v } : c)))}
                  error={i === 0 ? choicesError : undefined}
                />
                {choices.length > 2 ? (
                  <Button size="sm" variant="ghost" aria-label={`Remove choice ${i + 1}`} onPress={() => setChoices((list) => list.filter((c) => c.key !== choice.key))}>
                    Remove
                  </Button>
                ) : null}
              </li>
            ))}
          </ol>
          {choices.length < MAX_CHOICES ? (
            <Button
              size="sm"
              onPress={() => {
                setChoices((list) => [...list, { key: nextKey, text: '' }]);
                setNextKey((k) => k + 1);
              }}
            >
              Add choice
            </Button>
          ) : null}
        </fieldset>
      ) : null}
      <div className="form-actions form-actions-end">
        <Button variant="secondary" onPress={onDone} isDisabled={ask.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={ask.isPending}>
          {isRequest ? 'Request the document' : 'Ask the client'}
        </Button>
      </div>
    </form>
  );
}
