import { type ReactNode, useEffect, useId, useState } from 'react';
import { editMessageBodySchema, MESSAGE_EDIT_MINUTES, type MessageDto } from '../../../../contracts/messages';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { formatFileSize } from '../../../lib/file-size';
import { formatDateAndTime } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { useForm } from '../../../lib/use-form';
import { attachmentDownloadUrl, type MessagesScope } from '../api/keys';
import { useEditMessage } from '../api/use-edit-message';
import { MessageText } from './MessageText';

export interface MessageItemProps {
  scope: MessagesScope;
  message: MessageDto;
  /** The viewer's side wrote it (the firm for staff, the client in the portal): shown on the right. */
  mine: boolean;
  /** Staff: "Redact" opens the dialog for this message. */
  onRedact?: ((message: MessageDto) => void) | undefined;
  /** Under the message: "Seen by …". */
  receipt?: ReactNode;
}

/** Whether the author may still correct it: the server said so, and the five minutes have not run out here since. */
function useEditable(message: MessageDto): boolean {
  const deadline = new Date(message.createdAt).getTime() + MESSAGE_EDIT_MINUTES * 60_000;
  const [open, setOpen] = useState(() => message.canEdit && Date.now() < deadline);
  useEffect(() => {
    const left = deadline - Date.now();
    setOpen(message.canEdit && left > 0);
    if (!message.canEdit || left <= 0) return;
    const timer = window.setTimeout(() => setOpen(false), left);
    return () => window.clearTimeout(timer);
  }, [message.canEdit, deadline]);
  return open;
}

function EditMessageForm({ scope, message, onDone }: { scope: MessagesScope; message: MessageDto; onDone: () => void }) {
  const edit = useEditMessage(scope, message.threadId);
  const form = useForm({ body: message.body ?? '' }, { body: 'Message' }, edit.error);
  const save = () => {
    if (!form.validate(editMessageBodySchema, { body: form.values.body })) return;
    edit.mutate({ messageId: message.id, body: form.values.body }, { onSuccess: onDone });
  };
  return (
    <form
      className="message-edit"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <TextField {...form.field('body')} label="Message" multiline rows={3} autoFocus isReadOnly={edit.isPending} />
      {form.formMessage ? <Alert tone="error">{form.formMessage}</Alert> : null}
      <div className="form-actions">
        <Button type="submit" size="sm" variant="primary" isPending={edit.isPending}>
          Save
        </Button>
        <Button size="sm" onPress={onDone} isDisabled={edit.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** One message: who and when, its text (or that the firm removed it), attachments, and Edit or Redact where allowed. */
export function MessageItem({ scope, message, mine, onRedact, receipt }: MessageItemProps) {
  const timeZone = useTimeZone();
  const [editing, setEditing] = useState(false);
  const editable = useEditable(message);
  const authorId = useId();
  const when = formatDateAndTime(message.createdAt, timeZone);
  const author = message.author.isMe ? 'You' : message.author.name;
  const redactable = onRedact && !message.redacted;

  return (
    <li className="message" data-side={mine ? 'mine' : 'theirs'} id={`message-${message.seq}`}>
      <article className="message-bubble" aria-labelledby={authorId}>
        <header className="message-meta">
          <span id={authorId} className="message-author">
            {author}
            <span className="visually-hidden">, {when}</span>
          </span>
          <time dateTime={message.createdAt} className="message-time" aria-hidden="true">
            {when}
          </time>
          {message.editedAt && !message.redacted ? <span className="message-flag">Edited</span> : null}
          {message.source === 'email' ? <span className="message-flag">Sent by email</span> : null}
        </header>
        {message.redacted ? (
          <p className="message-removed">Removed by the firm</p>
        ) : editing ? (
          <EditMessageForm scope={scope} message={message} onDone={() => setEditing(false)} />
        ) : (
          <MessageText text={message.body ?? ''} />
        )}
        {message.attachments.length > 0 ? (
          <ul className="message-attachments" aria-label="Attachments">
            {message.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentDownloadUrl(scope, a.id)} download={a.fileName} className="message-attachment">
                  <span aria-hidden="true" className="attach-icon" />
                  <span className="message-attachment-name">{a.fileName}</span>
                </a>
                <span className="message-attachment-size"> ({formatFileSize(a.sizeBytes)})</span>
              </li>
            ))}
          </ul>
        ) : null}
        {(editable && !editing) || redactable ? (
          <div className="message-actions">
            {editable && !editing ? (
              <Button size="sm" variant="ghost" onPress={() => setEditing(true)}>
                Edit<span className="visually-hidden"> your message of {when}</span>
              </Button>
            ) : null}
            {redactable ? (
              <Button size="sm" variant="ghost" onPress={() => onRedact(message)}>
                Redact<span className="visually-hidden"> the message from {message.author.name} of {when}</span>
              </Button>
            ) : null}
          </div>
        ) : null}
      </article>
      {receipt}
    </li>
  );
}
