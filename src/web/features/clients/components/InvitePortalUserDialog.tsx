import type { FormEvent } from 'react';
import { createPortalUserBodySchema } from '../../../../contracts/clients';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import { useCreatePortalUser } from '../api/use-create-portal-user';

const LABELS = { name: 'Name', email: 'Email' };

function InviteForm({ clientId, clientName, onDone }: { clientId: string; clientName: string; onDone: () => void }) {
  const create = useCreatePortalUser(clientId);
  const toast = useToast();
  const form = useForm({ name: '', email: '' }, LABELS, create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: form.values.name, email: form.values.email, sendInvitation: true };
    if (!form.validate(createPortalUserBodySchema, body)) return;
    create.mutate(body, {
      onSuccess: (user) => {
        toast.show(`Invitation sent to ${user.email}.`);
        onDone();
      },
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      <p className="muted">
        We'll email them a link to create their portal account for {clientName}. The link works once and expires.
      </p>
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('name')} label="Name" autoComplete="off" isRequired autoFocus />
      <TextField {...form.field('email')} label="Email" type="email" autoComplete="off" isRequired />
      <DialogFooter>
        <Button variant="secondary" onPress={onDone} isDisabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={create.isPending}>
          Send invitation
        </Button>
      </DialogFooter>
    </form>
  );
}

export function InvitePortalUserDialog({
  isOpen,
  onOpenChange,
  clientId,
  clientName,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  clientId: string;
  clientName: string;
}) {
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title="Invite to portal">
      <InviteForm clientId={clientId} clientName={clientName} onDone={() => onOpenChange(false)} />
    </Modal>
  );
}
