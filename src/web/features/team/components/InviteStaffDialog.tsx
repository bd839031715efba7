import type { FormEvent } from 'react';
import { inviteStaffBodySchema } from '../../../../contracts/staff';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import { useInviteStaff } from '../api/use-invite-staff';
import { roleDescriptions } from './labels';

const LABELS = { name: 'Name', email: 'Email', role: 'Role' };
type InvitableRole = 'admin' | 'staff';
const roleOptions = [
  { id: 'staff' as const, label: 'Staff', description: roleDescriptions.staff },
  { id: 'admin' as const, label: 'Admin', description: roleDescriptions.admin },
];

function InviteStaffForm({ onDone }: { onDone: () => void }) {
  const invite = useInviteStaff();
  const toast = useToast();
  const form = useForm({ name: '', email: '', role: 'staff' }, LABELS, invite.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: form.values.name, email: form.values.email, role: form.values.role as InvitableRole };
    if (!form.validate(inviteStaffBodySchema, body)) return;
    invite.mutate(body, {
      onSuccess: (member) => {
        toast.show(`Invitation sent to ${member.email}.`);
        onDone();
      },
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      <FormErrorSummary {...form.summaryProps} />
      <TextField {...form.field('name')} label="Name" autoComplete="off" isRequired autoFocus />
      <TextField {...form.field('email')} label="Email" type="email" autoComplete="off" isRequired />
      <Select
        id={form.fieldId('role')}
        label="Role"
        options={roleOptions}
        value={form.values.role as InvitableRole}
        onChange={(v) => form.setValue('role', v)}
        error={form.errorFor('role')}
        isRequired
      />
      <DialogFooter>
        <Button variant="secondary" onPress={onDone} isDisabled={invite.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={invite.isPending}>
          Send invitation
        </Button>
      </DialogFooter>
    </form>
  );
}

export function InviteStaffDialog({ isOpen, onOpenChange }: { isOpen: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title="Invite a team member">
      <InviteStaffForm onDone={() => onOpenChange(false)} />
    </Modal>
  );
}
