import { type FormEvent, useId } from 'react';
import { declineServiceRequestBodySchema, type ServiceRequestDto } from '../../../../contracts/service-requests';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';
import { useDeclineServiceRequest } from '../api/use-decline-service-request';

export interface DeclineRequestDialogProps {
  request: ServiceRequestDto;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onDeclined: (request: ServiceRequestDto) => void;
}

/** Decline with a reason: the client sees it with the request in their portal (the e-mail only says it was declined). */
export function DeclineRequestDialog({ request, isOpen, onOpenChange, onDeclined }: DeclineRequestDialogProps) {
  const decline = useDeclineServiceRequest(request.id);
  const form = useForm({ reason: '' }, { reason: 'Reason' }, decline.error);
  const formId = useId();

  const close = () => {
    form.reset({ reason: '' });
    decline.reset();
    onOpenChange(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (decline.isPending) return;
    const body = { version: request.version, reason: form.values.reason };
    if (!form.validate(declineServiceRequestBodySchema, body)) return;
    decline.mutate(body, {
      onSuccess: (declined) => {
        close();
        onDeclined(declined);
      },
    });
  };

  return (
    <Modal isOpen={isOpen} onOpenChange={(open) => (open ? onOpenChange(true) : close())} title={`Decline ${request.client.name}’s request?`} size="sm">
      <form id={formId} className="form" noValidate onSubmit={submit}>
        <FormErrorSummary {...form.summaryProps} />
        <p>
          {request.requestedBy} asked for <strong>{request.category}</strong>. They are e-mailed that it was declined and see your reason in their portal. This cannot be undone.
        </p>
        <TextField
          {...form.field('reason')}
          label="Reason"
          isRequired
          multiline
          rows={3}
          maxLength={1000}
          isReadOnly={decline.isPending}
          description="Shown to the client, e.g. “We don’t offer SMSF audits; we can recommend an auditor.”"
        />
      </form>
      <DialogFooter>
        <Button variant="secondary" onPress={close} isDisabled={decline.isPending}>
          Keep it
        </Button>
        <Button type="submit" form={formId} variant="danger" isPending={decline.isPending}>
          Decline request
        </Button>
      </DialogFooter>
    </Modal>
  );
}
