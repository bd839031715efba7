import { type FormEvent, useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import type { DeclineBody } from '../api/use-portal-decision';
import { decisionError } from './decision-error';
import type { Decision } from './SigningView';

export interface DeclineProposalDialogProps {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  firmName: string;
  title: string;
  proposalVersion: number;
  decline: Decision<DeclineBody>;
  onDeclined: () => void;
}

/** Decline, optionally saying why (the firm sees the reason). One decline declines the proposal. */
export function DeclineProposalDialog({ isOpen, onOpenChange, firmName, title, proposalVersion, decline, onDeclined }: DeclineProposalDialogProps) {
  const formId = useId();
  const [reason, setReason] = useState('');
  const close = () => {
    decline.reset();
    onOpenChange(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (decline.isPending) return;
    decline.mutate(
      { reason: reason.trim(), proposalVersion },
      {
        onSuccess: () => {
          onOpenChange(false);
          onDeclined();
        },
      },
    );
  };
  const error = decisionError(decline.error, firmName);
  return (
    <Modal isOpen={isOpen} onOpenChange={(open) => (open ? onOpenChange(true) : close())} title="Decline this proposal?" size="sm">
      <form id={formId} className="form" noValidate onSubmit={submit}>
        {error ? (
          <Alert tone="error" title="The proposal was not declined">
            {error}
          </Alert>
        ) : null}
        <p>
          {firmName} will be told that you declined <strong>{title}</strong>. It can’t then be signed; {firmName} can send you a new proposal.
        </p>
        <TextField
          label="Reason"
          optional
          multiline
          rows={3}
          maxLength={1000}
          value={reason}
          onChange={setReason}
          isReadOnly={decline.isPending}
          description={`Tell ${firmName} why, or what you would like instead.`}
        />
      </form>
      <DialogFooter>
        <Button variant="secondary" onPress={close} isDisabled={decline.isPending}>
          Go back
        </Button>
        <Button type="submit" form={formId} variant="danger" isPending={decline.isPending}>
          Decline proposal
        </Button>
      </DialogFooter>
    </Modal>
  );
}
