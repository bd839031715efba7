import { type FormEvent, useState } from 'react';
import { createQuestionBodySchema, type QuestionKind, questionKinds } from '../../../../contracts/work';
import { Button } from '../../../components/Button';
import { Checkbox } from '../../../components/Checkbox';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select, type SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import { type CreateQuestionBody, useAskQuestion } from '../api/use-ask-question';
import { questionKindLabels } from './work-labels';

const LABELS = { kind: 'Kind of answer', prompt: 'Question', choices: 'Choices' };
const MAX_CHOICES = 20;

const kindOptions: SelectOption<QuestionKind>[] = questionKinds.map((k) => ({ id: k, label: questionKindLabels[k] }));

const kindHelp: Record<QuestionKind, string> = {
  text: 'The client writes an answer.',
  yes_no: 'The client picks Yes or No.',
  choice: 'The client picks one of your choices.',
  date: 'The client enters a date.',
  amount: 'The client enters an amount in dollars and cents.',
  upload: 'Asks for a document. Uploading arrives with the documents feature; until then the client is told you will say how to send it.',
};

/** Ask the client something on a task; the task then waits on the client ("Waiting on You" in their portal). */
export function AskQuestionForm({ taskId, taskName, onDone }: { taskId: string; taskName: string; onDone: () => void }) {
  const ask = useAskQuestion(taskId);
  const toast = useToast();
  const form = useForm({ kind: 'text', prompt: '' }, LABELS, ask.error);
  const [choices, setChoices] = useState<Array<{ key: number; text: string }>>([
    { key: 0, text: '' },
    { key: 1, text: '' },
  ]);
  const [nextKey, setNextKey] = useState(2);
  const [required, setRequired] = useState(true);
  const kind = form.values.kind as QuestionKind;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CreateQuestionBody = {
      kind,
      prompt: form.values.prompt,
      // Empty rows are left out; the contract then says when fewer than two remain.
      choices: kind === 'choice' ? choices.map((c) => c.text.trim()).filter((c) => c !== '') : [],
      required,
    };
    if (!form.validate(createQuestionBodySchema, body)) return;
    ask.mutate(body, {
      onSuccess: () => {
        toast.show(`Question added to “${taskName}”. The task now waits on the client.`);
        onDone();
      },
    });
  };

  const choicesError = form.errorFor('choices') ?? Object.entries(form.errors).find(([k]) => k.startsWith('choices.'))?.[1];

  return (
    <form className="form ask-form" noValidate onSubmit={submit} aria-label={`Ask the client a question about ${taskName}`}>
      <FormErrorSummary {...form.summaryProps} />
      <div className="form-grid">
        <Select
          id={form.fieldId('kind')}
          label="Kind of answer"
          options={kindOptions}
          value={kind}
          onChange={(v) => form.setValue('kind', v)}
          description={kindHelp[kind]}
        />
        <Checkbox isSelected={required} onChange={setRequired} className="ask-required" description="The client must answer before submitting.">
          Required
        </Checkbox>
        <TextField {...form.field('prompt')} label="Question" isRequired multiline rows={2} className="span-2" description="Plain words the client will understand." />
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
          Ask the client
        </Button>
      </div>
    </form>
  );
}
