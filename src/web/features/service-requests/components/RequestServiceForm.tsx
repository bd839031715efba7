import type { FormEvent, ReactNode } from 'react';
import { z } from 'zod';
import { createServiceRequestBodySchema, type ServiceRequestDto } from '../../../../contracts/service-requests';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select, type SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';
import { useCreateServiceRequest } from '../api/use-create-service-request';
import './service-requests.css';

/** The choice that stands for "Something else" (no template) in the list. */
const SOMETHING_ELSE_KEY = 'something-else';
const LABELS = { templateId: 'Category', description: 'Description', attachmentIds: 'Attachments' };

// The contract's rules, with a category that must be chosen (else "Something else" would be sent unasked).
const formSchema = z.object({
  templateId: z.string().min(1, 'is required: choose the kind of work, or Something else'),
  description: z.string().trim().min(1, 'is required: say what you need').pipe(createServiceRequestBodySchema.shape.description),
  attachmentIds: createServiceRequestBodySchema.shape.attachmentIds,
});

export interface RequestServiceFormProps {
  slug: string;
  /** The firm's kinds of work, "Something else" last (templateId null). */
  categories: ReadonlyArray<{ templateId: string | null; label: string }>;
  /** Files to send with it (the page brings the picker): their ids once uploaded, and whether any are still on their way. */
  attachments?: { ids: ReadonlyArray<string>; busy: boolean; picker: (isDisabled: boolean) => ReactNode } | undefined;
  onSent: (request: ServiceRequestDto) => void;
}

/** Request Service: what kind of work, what is needed, optionally documents, then Submit. */
export function RequestServiceForm({ slug, categories, attachments, onSent }: RequestServiceFormProps) {
  const create = useCreateServiceRequest(slug);
  const form = useForm({ templateId: '', description: '' }, LABELS, create.error);
  const options: SelectOption[] = categories.map((c) => ({ id: c.templateId ?? SOMETHING_ELSE_KEY, label: c.label }));
  const busy = attachments?.busy ?? false;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending || busy) return;
    const attachmentIds = [...(attachments?.ids ?? [])];
    if (!form.validate(formSchema, { ...form.values, attachmentIds })) return;
    const templateId = form.values.templateId === SOMETHING_ELSE_KEY ? null : form.values.templateId;
    create.mutate({ templateId, description: form.values.description, attachmentIds }, { onSuccess: onSent });
  };

  return (
    <form className="form request-service-form" noValidate onSubmit={submit}>
      <FormErrorSummary {...form.summaryProps} />
      <Select
        id={form.fieldId('templateId')}
        label="Category"
        options={options}
        value={form.values.templateId || null}
        onChange={(v) => form.setValue('templateId', v)}
        error={form.errorFor('templateId')}
        placeholder="Choose the kind of work…"
        description="Choose Something else if it isn't listed."
        isRequired
        isDisabled={create.isPending}
      />
      <TextField
        {...form.field('description')}
        label="Describe what you need"
        multiline
        rows={6}
        isRequired
        isReadOnly={create.isPending}
        description="For example, the entity or period it is for, and any dates that matter."
      />
      {attachments ? (
        <div className="request-service-attachments">
          {attachments.picker(create.isPending)}
          {form.errorFor('attachmentIds') ? <p className="field-error">{form.errorFor('attachmentIds')}</p> : null}
        </div>
      ) : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" isPending={create.isPending} isDisabled={busy}>
          Submit
        </Button>
      </div>
      {busy ? <p className="field-description">Submit is available once the files have uploaded.</p> : null}
    </form>
  );
}
