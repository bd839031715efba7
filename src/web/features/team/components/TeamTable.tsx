import { useState } from 'react';
import type { StaffRole, StaffSessionReply } from '../../../../contracts/auth';
import type { StaffMember } from '../../../../contracts/staff';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { ConfirmActionDialog } from '../../../components/Dialog';
import { Cell, CellLabel, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { ResetTwoFactorButton } from '../../profile/components/ResetTwoFactorButton';
import { SignOutEverywhereButton } from '../../profile/components/SignOutEverywhereButton';
import { useDisableStaff } from '../api/use-disable-staff';
import { useEnableStaff } from '../api/use-enable-staff';
import { useResendStaffInvitation } from '../api/use-resend-staff-invitation';
import { ChangeRoleDialog } from './ChangeRoleDialog';
import { roleLabels, staffStatusLabels } from './labels';

export interface TeamTableProps {
  members: ReadonlyArray<StaffMember>;
  /** The signed-in user: decides which actions appear (the server checks again). */
  me: StaffSessionReply['user'];
}

/** Owners/admins manage others; nobody changes or disables themselves here, and only owners touch owners. */
function canActOn(me: TeamTableProps['me'], member: StaffMember): boolean {
  if (member.id === me.id) return false;
  if (me.role === 'owner') return true;
  return me.role === 'admin' && member.role !== 'owner';
}

export function TeamTable({ members, me }: TeamTableProps) {
  const timeZone = useTimeZone();
  const toast = useToast();
  const resend = useResendStaffInvitation();
  const disable = useDisableStaff();
  const enable = useEnableStaff();
  const [roleFor, setRoleFor] = useState<StaffMember | null>(null);
  const [toDisable, setToDisable] = useState<StaffMember | null>(null);
  const manages = me.role === 'owner' || me.role === 'admin';
  const assignableRoles: StaffRole[] = me.role === 'owner' ? ['staff', 'admin', 'owner'] : ['staff', 'admin'];

  return (
    <>
      <Table aria-label="Team members">
        <TableHeader>
          <Column isRowHeader>Name</Column>
          <Column>Role</Column>
          <Column>Status</Column>
          <Column>Last signed in</Column>
          <Column className="table-column-actions">
            <span className="visually-hidden">Actions</span>
          </Column>
        </TableHeader>
        <TableBody items={members}>
          {(member) => {
            const status = staffStatusLabels[member.status];
            const actionable = manages && canActOn(me, member);
            return (
              <Row id={member.id}>
                <Cell>
                  <div className="cell-primary">
                    {member.name}
                    {member.id === me.id ? <span className="muted"> (you)</span> : null}
                  </div>
                  <div className="cell-secondary">{member.email}</div>
                </Cell>
                <Cell>
                  <CellLabel>Role</CellLabel>
                  {roleLabels[member.role]}
                </Cell>
                <Cell>
                  <Badge tone={status.tone}>{status.label}</Badge>
                  {member.twoFactorOn ? <div className="cell-secondary">Two-factor on</div> : null}
                </Cell>
                <Cell className="nowrap">
                  <CellLabel>Last signed in</CellLabel>
                  {member.lastLoginAt ? formatDate(member.lastLoginAt, timeZone) : <span className="muted">Never</span>}
                </Cell>
                <Cell className="table-cell-actions">
                  {actionable ? (
                    <div className="row">
                      {member.status === 'invited' ? (
                        <Button
                          size="sm"
                          isDisabled={resend.isPending && resend.variables === member.id}
                          aria-label={`Resend invitation to ${member.name}`}
                          onPress={() =>
                            resend.mutate(member.id, {
                              onSuccess: () => toast.show(`Invitation sent again to ${member.email}.`),
                              onError: (error) => toast.show(errorMessage(error), 'error'),
                            })
                          }
                        >
                          Resend invitation
                        </Button>
                      ) : null}
                      {member.status !== 'disabled' ? (
                        <Button size="sm" aria-label={`Change role for ${member.name}`} onPress={() => setRoleFor(member)}>
                          Change role
                        </Button>
                      ) : null}
                      {member.status === 'disabled' ? (
                        <Button
                          size="sm"
                          aria-label={`Enable ${member.name}`}
                          isDisabled={enable.isPending && enable.variables === member.id}
                          onPress={() =>
                            enable.mutate(member.id, {
                              onSuccess: () => toast.show(`${member.name} can sign in again.`),
                              onError: (error) => toast.show(errorMessage(error), 'error'),
                            })
                          }
                        >
                          Enable
                        </Button>
                      ) : (
                        <Button size="sm" variant="ghost" aria-label={`Disable ${member.name}`} onPress={() => setToDisable(member)}>
                          Disable
                        </Button>
                      )}
                      {member.status === 'active' ? <SignOutEverywhereButton kind="staff" person={member} /> : null}
                      {member.twoFactorOn ? <ResetTwoFactorButton kind="staff" person={member} /> : null}
                    </div>
                  ) : null}
                </Cell>
              </Row>
            );
          }}
        </TableBody>
      </Table>

      <ChangeRoleDialog member={roleFor} roles={assignableRoles} onClose={() => setRoleFor(null)} />

      <ConfirmActionDialog
        target={toDisable}
        onClose={() => setToDisable(null)}
        action={disable}
        title={`Disable ${toDisable?.name ?? 'this team member'}?`}
        confirmLabel="Disable team member"
        destructive
        onConfirm={(member) =>
          disable.mutate(member.id, {
            onSuccess: () => {
              setToDisable(null);
              toast.show(`${member.name} can no longer sign in.`);
            },
          })
        }
      >
        <p>
          {toDisable?.name} will be signed out straight away and won't be able to sign in to Ledger Loom. Their clients
          stay assigned to them until you reassign them. You can enable them again later.
        </p>
      </ConfirmActionDialog>
    </>
  );
}
