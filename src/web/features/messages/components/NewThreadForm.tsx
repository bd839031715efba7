import { createThreadBodySchema, type ThreadDto } from '../../../../contracts/messages';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select, type SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';
import type { MessagesScope } from '../api/keys';
import { useAttachmentUploads } from '../api/use-attachment-uploads';
import { useCreateThread } from '../api/use-create-thread';
import { AttachmentPicker } from './AttachmentPicker';
import { parseAbout } from './thread-words';

export interface NewThreadFormProps {
  scope: MessagesScope;
  /** The client the thread is with (staff choose; in the portal, the signed-in client). */
  clientId: string;
  /** Choices for "About" ('none' first); left out when there are none. */
  aboutOptions: ReadonlyArray<SelectOption>;
  /** Pre-chosen, e.g. "invoice:<id>" when coming from an invoice. */
  defaultAbout?: string;
  defaultSubject?: string;
  onCreated: (thread: ThreadDto) => void;
  onCancel?: () => void;
  /** Words on the button that sends. */
  submitLabel?: string;
}

/** Start a thread: a subject, optionally what it is about, the first message and files. */
export function NewThreadForm({ scope, clientId, aboutOptions, defaultAbout = 'none', defaultSubject = '', onCreated, onCancel, submitLabel = 'Send message' }: NewThreadFormProps) {
  const create = useCreateThread(scope);
  const form = useForm({ subject: defaultSubject, about: aboutOptions.some((o) => o.id === defaultAbout) ? defaultAbout : 'none', body: '' }, { subject: 'Subject', body: 'Message', about: 'About' }, create.error);
  const uploads = useAttachmentUploads(scope, clientId);
  const attachmentIds = uploads.items.flatMap((i) => (i.status === 'done' && i.result ? [i.result.id] : []));

  const submit = () => {
    if (create.isPending || uploads.busy) return;
    const body = { subject: form.values.subject, body: form.values.body, link: parseAbout(form.values.about), attachmentIds };
    if (!form.validate(createThreadBodySchema, body)) return;
    create.mutate({ ...body, clientId: scope.kind === 'staff' ? clientId : undefined }, { onSuccess: onCreated });
  };

  return (
    <form
      className="form new-thread-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('subject')} label="Subject" isRequired maxLength={200} />
      {aboutOptions.length > 1 ? (
        <Select
          label="About"
          options={aboutOptions}
          value={form.values.about}
          onChange={(v) => form.setValue('about', v)}
          error={form.errorFor('link') ?? form.errorFor('link.id')}
          description="Optional: the service or invoice this is about."
        />
      ) : null}
      <TextField {...form.field('body')} label="Message" multiline rows={6} isRequired description="Enter starts a new line." />
      <AttachmentPicker items={uploads.items} onAdd={(files) => uploads.add(files, null)} onCancel={uploads.cancel} onRemove={uploads.dismiss} isDisabled={create.isPending} />
      <div className="form-actions">
        <Button type="submit" variant="primary" isPending={create.isPending} isDisabled={uploads.busy}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button onPress={onCancel} isDisabled={create.isPending}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
