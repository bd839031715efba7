import { type FormEvent, useId, useState } from 'react';
import type { z } from 'zod';
import { type proposalDetailSchema, proposalTemplateKeys } from '../../../../contracts/proposals';
import type { ServiceRequestDto } from '../../../../contracts/service-requests';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { Select, type SelectOption } from '../../../components/Select';
import { errorMessage } from '../../../lib/api-client';
import { useProposeServiceRequest } from '../api/use-propose-service-request';

type TemplateKey = (typeof proposalTemplateKeys)[number];
const SUGGESTED = 'suggested';

/** A proposal template as the dialog needs it (the page brings the firm's). */
export interface ProposalTemplateChoice {
  key: string;
  title: string;
}

export interface ProposeRequestDialogProps {
  request: ServiceRequestDto;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** The proposal templates to start from instead of the one suggested for the kind of work (may be empty while loading). */
  templates: ReadonlyArray<ProposalTemplateChoice>;
  onProposed: (reply: { request: ServiceRequestDto; proposal: z.infer<typeof proposalDetailSchema> }) => void;
}

const isTemplateKey = (key: string): key is TemplateKey => (proposalTemplateKeys as readonly string[]).includes(key);

/**
 * Make a proposal from the request: a draft, pre-filled (what they asked for, their words quoted, the
 * engagement letter, the person who asked as the signer) and linked to the request, for staff to price
 * and send. Refusals (409: decided meanwhile, a proposal already in play, no one to sign) are said here.
 */
export function ProposeRequestDialog({ request, isOpen, onOpenChange, templates, onProposed }: ProposeRequestDialogProps) {
  const propose = useProposeServiceRequest(request.id);
  const [start, setStart] = useState<string>(SUGGESTED);
  const formId = useId();
  const options: SelectOption[] = [
    { id: SUGGESTED, label: 'Suggested for this request', description: `The template for ${request.category} when there is one, else one item to price` },
    ...templates.filter((t) => isTemplateKey(t.key)).map((t) => ({ id: t.key, label: t.title })),
  ];

  const close = () => {
    propose.reset();
    setStart(SUGGESTED);
    onOpenChange(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (propose.isPending) return;
    propose.mutate({ version: request.version, templateKey: isTemplateKey(start) ? start : undefined }, { onSuccess: onProposed });
  };

  return (
    <Modal isOpen={isOpen} onOpenChange={(open) => (open ? onOpenChange(true) : close())} title={`Make a proposal for ${request.client.name}`} size="md">
      <form id={formId} className="form" noValidate onSubmit={submit}>
        {propose.isError ? (
          <Alert tone="error" title="The proposal was not made">
            {errorMessage(propose.error)}
          </Alert>
        ) : null}
        <p>
          {request.requestedBy} asked for <strong>{request.category}</strong>. This makes a draft proposal answering their request, with {request.requestedBy} to sign it. You then
          check the items and prices and send it; nothing reaches them until you do.
        </p>
        <Select label="Start from" options={options} value={start} onChange={setStart} isDisabled={propose.isPending} description="The items and engagement letter the draft begins with." />
      </form>
      <DialogFooter>
        <Button variant="secondary" onPress={close} isDisabled={propose.isPending}>
          Cancel
        </Button>
        <Button type="submit" form={formId} variant="primary" isPending={propose.isPending}>
          Make draft proposal
        </Button>
      </DialogFooter>
    </Modal>
  );
}
