import type { FormEvent } from 'react';
import { type ServiceRequestDto, replyServiceRequestBodySchema } from '../../../../contracts/service-requests';
import { Button, ButtonLink } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import { staffThreadPath } from '../api/keys';
import { useReplyServiceRequest } from '../api/use-reply-service-request';

/**
 * Reply to the client about their request. The first reply starts a conversation (a message thread
 * the client reads in the portal and is e-mailed about); later ones continue it.
 */
export function ReplyToRequestForm({ request }: { request: ServiceRequestDto }) {
  const reply = useReplyServiceRequest(request.id);
  const form = useForm({ body: '' }, { body: 'Reply' }, reply.error);
  const toast = useToast();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reply.isPending) return;
    const body = { version: request.version, body: form.values.body };
    if (!form.validate(replyServiceRequestBodySchema, body)) return;
    reply.mutate(body, {
      onSuccess: () => {
        form.reset({ body: '' });
        toast.show(`Reply sent to ${request.requestedBy}.`);
      },
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Reply">
      <FormErrorSummary {...form.summaryProps} />
      <TextField
        {...form.field('body')}
        label={`Reply to ${request.requestedBy}`}
        multiline
        rows={4}
        isRequired
        isReadOnly={reply.isPending}
        description={
          request.threadId
            ? 'Adds to the conversation about this request; they are e-mailed that a message is waiting.'
            : 'Starts a conversation about this request in Messages; they are e-mailed that a message is waiting.'
        }
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" isPending={reply.isPending}>
          Send reply
        </Button>
        {request.threadId ? (
          <ButtonLink to={staffThreadPath(request.threadId)} variant="secondary">
            Open the conversation
          </ButtonLink>
        ) : null}
      </div>
    </form>
  );
}
