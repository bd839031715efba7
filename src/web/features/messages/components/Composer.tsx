import { useRef } from 'react';
import { MESSAGE_MAX_CHARS, postMessageBodySchema } from '../../../../contracts/messages';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';
import type { MessagesScope } from '../api/keys';
import { useAttachmentUploads } from '../api/use-attachment-uploads';
import { useSendMessage } from '../api/use-send-message';
import { AttachmentPicker } from './AttachmentPicker';

export interface ComposerProps {
  scope: MessagesScope;
  threadId: string;
  /** Whose documents attachments are uploaded to. */
  clientId: string;
  /** Said above the box when the thread is closed (a new message opens it again). */
  closedNote?: string | null;
}

/** Counts what the server counts: line endings as one character, trailing spaces and blank lines left out. */
export function messageLength(text: string): number {
  return text.replace(/\r\n?/g, '\n').replace(/[^\S\n]+$/gm, '').replace(/^\n+|\n+$/g, '').length;
}

/**
 * Write a reply: Enter starts a new line, Send (or Ctrl+Enter, unadvertised) sends. The box is read-only and Send
 * busy while sending; what the server refuses (an empty message, one over 10,000 characters) is
 * said under the box, and the text stays for correcting.
 */
export function Composer({ scope, threadId, clientId, closedNote }: ComposerProps) {
  const send = useSendMessage(scope, threadId);
  const form = useForm({ body: '' }, { body: 'Message' }, send.error);
  const uploads = useAttachmentUploads(scope, clientId);
  const formRef = useRef<HTMLFormElement>(null);
  const length = messageLength(form.values.body);
  const attachmentIds = uploads.items.flatMap((i) => (i.status === 'done' && i.result ? [i.result.id] : []));

  const submit = () => {
    if (send.isPending || uploads.busy) return;
    const body = { body: form.values.body, attachmentIds };
    if (!form.validate(postMessageBodySchema, body)) return;
    send.mutate(body, {
      onSuccess: () => {
        form.reset({ body: '' });
        uploads.clearFinished();
      },
    });
  };

  return (
    <form
      ref={formRef}
      className="composer"
      aria-label="Reply"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {closedNote ? <p className="composer-note">{closedNote}</p> : null}
      <TextField
        {...form.field('body')}
        label="Message"
        multiline
        rows={4}
        isReadOnly={send.isPending}
        inputClassName="composer-input"
        description={
          length > MESSAGE_MAX_CHARS * 0.9
            ? `${length.toLocaleString('en-AU')} of ${MESSAGE_MAX_CHARS.toLocaleString('en-AU')} characters.`
            : 'Enter starts a new line.'
        }
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {form.formMessage ? <Alert tone="error">{form.formMessage}</Alert> : null}
      <div className="composer-actions">
        <AttachmentPicker items={uploads.items} onAdd={(files) => uploads.add(files, null)} onCancel={uploads.cancel} onRemove={uploads.dismiss} isDisabled={send.isPending} />
        <Button type="submit" variant="primary" isPending={send.isPending} isDisabled={uploads.busy}>
          Send
        </Button>
      </div>
      {uploads.busy ? <p className="field-description">Send is available once the files have uploaded.</p> : null}
    </form>
  );
}
