import { type MessageDto, redactMessageBodySchema } from '../../../../contracts/messages';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { formatDateAndTime } from '../../../lib/format';
import { useForm } from '../../../lib/use-form';
import { useTimeZone } from '../../../lib/time-zone';
import { useRedactMessage } from '../api/use-redact-message';

function RedactForm({ threadId, message, onClose }: { threadId: string; message: MessageDto; onClose: () => void }) {
  const timeZone = useTimeZone();
  const redact = useRedactMessage(threadId);
  const form = useForm({ reason: '' }, { reason: 'Reason' }, redact.error);
  const submit = () => {
    if (!form.validate(redactMessageBodySchema, { reason: form.values.reason })) return;
    redact.mutate({ messageId: message.id, reason: form.values.reason }, { onSuccess: onClose });
  };
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p>
        The message from {message.author.name} of {formatDateAndTime(message.createdAt, timeZone)} and its attachments will no longer show, to your team
        or the client. The thread will say “Removed by the firm”. Who removed it, when and why are kept in the audit log.
      </p>
      <TextField {...form.field('reason')} label="Reason" multiline rows={3} isRequired autoFocus description="For the audit log, e.g. “Sent to the wrong client”." />
      {form.formMessage ? <Alert tone="error">{form.formMessage}</Alert> : null}
      <DialogFooter>
        <Button onPress={onClose} isDisabled={redact.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" isPending={redact.isPending}>
          Redact message
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Staff remove a message's text (a reason is required and audited); the dialog is open while `message` is set. */
export function RedactMessageDialog({ threadId, message, onClose }: { threadId: string; message: MessageDto | null; onClose: () => void }) {
  return (
    <Modal isOpen={message !== null} onOpenChange={(open) => (open ? undefined : onClose())} title="Redact this message?" size="sm">
      {message ? <RedactForm threadId={threadId} message={message} onClose={onClose} /> : null}
    </Modal>
  );
}
