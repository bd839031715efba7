import { type FormEvent, useState } from 'react';
import type { StaffRole } from '../../../../contracts/auth';
import type { StaffMember } from '../../../../contracts/staff';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { Select } from '../../../components/Select';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import { useChangeStaffRole } from '../api/use-change-staff-role';
import { roleDescriptions, roleLabels } from './labels';

function ChangeRoleForm({ member, roles, onDone }: { member: StaffMember; roles: ReadonlyArray<StaffRole>; onDone: () => void }) {
  const [role, setRole] = useState<StaffRole>(member.role);
  const change = useChangeStaffRole();
  const toast = useToast();
  const options = roles.map((r) => ({ id: r, label: roleLabels[r], description: roleDescriptions[r] }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (role === member.role) return onDone();
    change.mutate(
      { id: member.id, role },
      {
        onSuccess: (updated) => {
          toast.show(`${updated.name}'s role is now ${roleLabels[updated.role]}.`);
          onDone();
        },
      },
    );
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      {change.error ? <Alert tone="error">{errorMessage(change.error)}</Alert> : null}
      <Select label="Role" options={options} value={role} onChange={setRole} />
      <DialogFooter>
        <Button variant="secondary" onPress={onDone} isDisabled={change.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={change.isPending}>
          Save role
        </Button>
      </DialogFooter>
    </form>
  );
}

export function ChangeRoleDialog({
  member,
  roles,
  onClose,
}: {
  member: StaffMember | null;
  roles: ReadonlyArray<StaffRole>;
  onClose: () => void;
}) {
  return (
    <Modal isOpen={member !== null} onOpenChange={(open) => !open && onClose()} title={`Change role for ${member?.name ?? ''}`} size="sm">
      {member ? <ChangeRoleForm member={member} roles={roles} onDone={onClose} /> : null}
    </Modal>
  );
}
