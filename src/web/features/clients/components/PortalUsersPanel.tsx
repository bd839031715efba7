import { useState } from 'react';
import type { PortalUser } from '../../../../contracts/clients';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { ConfirmActionDialog } from '../../../components/Dialog';
import { Card } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { Cell, Column, Row, Table, TableBody, TableHeader } from '../../../components/Table';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { useDisablePortalUser } from '../api/use-disable-portal-user';
import { useStaffSession } from '../../staff-auth/api/use-staff-session';
import { ResetTwoFactorButton } from '../../profile/components/ResetTwoFactorButton';
import { SignOutEverywhereButton } from '../../profile/components/SignOutEverywhereButton';
import { useEnablePortalUser } from '../api/use-enable-portal-user';
import { usePortalUsers } from '../api/use-portal-users';
import { useRevokePortalInvitation } from '../api/use-revoke-portal-invitation';
import { useSendPortalInvitation } from '../api/use-send-portal-invitation';
import { portalUserStatusLabels } from './client-labels';
import { InvitePortalUserDialog } from './InvitePortalUserDialog';

function activity(user: PortalUser, timeZone: string): string {
  switch (user.status) {
    case 'active':
      return user.lastLoginAt ? `Last signed in ${formatDate(user.lastLoginAt, timeZone)}` : 'Has not signed in yet';
    case 'invited': {
      if (user.invitationExpiresAt && new Date(user.invitationExpiresAt).getTime() < Date.now()) {
        return `Invitation expired ${formatDate(user.invitationExpiresAt, timeZone)}`;
      }
      const sent = user.invitedAt ? `Invited ${formatDate(user.invitedAt, timeZone)}` : 'Invited';
      return user.invitationExpiresAt ? `${sent} · expires ${formatDate(user.invitationExpiresAt, timeZone)}` : sent;
    }
    case 'disabled':
      return user.lastLoginAt ? `Last signed in ${formatDate(user.lastLoginAt, timeZone)}` : 'Never signed in';
    case 'not_invited':
      return 'No invitation sent';
  }
}

/** The people who can sign in to the portal for this client, with invitation and access actions. */
export function PortalUsersPanel({ clientId, clientName, canInvite = true }: { clientId: string; clientName: string; canInvite?: boolean }) {
  const users = usePortalUsers(clientId);
  const send = useSendPortalInvitation(clientId);
  const revoke = useRevokePortalInvitation(clientId);
  const disable = useDisablePortalUser(clientId);
  const enable = useEnablePortalUser(clientId);
  const toast = useToast();
  const timeZone = useTimeZone();
  const session = useStaffSession();
  const canSignOut = session.data?.user.role === 'owner' || session.data?.user.role === 'admin';
  const [inviteOpen, setInviteOpen] = useState(false);
  const [toDisable, setToDisable] = useState<PortalUser | null>(null);
  const [toRevoke, setToRevoke] = useState<PortalUser | null>(null);

  const busyId =
    (send.isPending && send.variables) ||
    (revoke.isPending && revoke.variables) ||
    (enable.isPending && enable.variables) ||
    null;

  const sendInvitation = (user: PortalUser) =>
    send.mutate(user.id, {
      onSuccess: () =>
        toast.show(user.status === 'invited' ? `Invitation sent again to ${user.email}. The earlier link no longer works.` : `Invitation sent to ${user.email}.`),
      onError: (error) => toast.show(errorMessage(error), 'error'),
    });

  const enableUser = (user: PortalUser) =>
    enable.mutate(user.id, {
      onSuccess: () => toast.show(`${user.name} can sign in to the portal again.`),
      onError: (error) => toast.show(errorMessage(error), 'error'),
    });

  return (
    <Card
      title="Portal users"
      actions={
        canInvite ? (
          <Button variant="primary" size="sm" onPress={() => setInviteOpen(true)}>
            Invite to portal
          </Button>
        ) : null
      }
      className="card-flush"
    >
      {users.isPending ? (
        <LoadingState label="Loading portal users…" />
      ) : users.isError ? (
        <div className="card-body">
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        </div>
      ) : users.data.length === 0 ? (
        <EmptyState title="Nobody from this client can sign in to the portal yet">
          Invite the people you work with at {clientName}. They'll get an email with a link to create their account.
        </EmptyState>
      ) : (
        <Table aria-label="Portal users">
          <TableHeader>
            <Column isRowHeader>Name</Column>
            <Column>Status</Column>
            <Column>Activity</Column>
            <Column className="table-column-actions">
              <span className="visually-hidden">Actions</span>
            </Column>
          </TableHeader>
          <TableBody items={users.data}>
            {(user) => {
              const label = portalUserStatusLabels[user.status];
              const busy = busyId === user.id;
              return (
                <Row id={user.id}>
                  <Cell>
                    <div className="cell-primary">{user.name}</div>
                    <div className="cell-secondary">{user.email}</div>
                  </Cell>
                  <Cell>
                    <Badge tone={label.tone}>{label.label}</Badge>
                    {user.twoFactorOn ? <div className="cell-secondary">Two-factor on</div> : null}
                  </Cell>
                  <Cell className="cell-secondary">{activity(user, timeZone)}</Cell>
                  <Cell className="table-cell-actions">
                    <div className="row">
                      {user.status === 'not_invited' ? (
                        <Button size="sm" isDisabled={busy} onPress={() => sendInvitation(user)} aria-label={`Send invitation to ${user.name}`}>
                          Send invitation
                        </Button>
                      ) : null}
                      {user.status === 'invited' ? (
                        <>
                          <Button size="sm" isDisabled={busy} onPress={() => sendInvitation(user)} aria-label={`Resend invitation to ${user.name}`}>
                            Resend invitation
                          </Button>
                          <Button size="sm" variant="ghost" isDisabled={busy} onPress={() => setToRevoke(user)} aria-label={`Revoke invitation for ${user.name}`}>
                            Revoke invitation
                          </Button>
                        </>
                      ) : null}
                      {user.status === 'active' ? (
                        <Button size="sm" variant="ghost" isDisabled={busy} onPress={() => setToDisable(user)} aria-label={`Disable ${user.name}`}>
                          Disable
                        </Button>
                      ) : null}
                      {user.status === 'active' && canSignOut ? <SignOutEverywhereButton kind="portal" person={user} /> : null}
                      {user.twoFactorOn && canSignOut ? <ResetTwoFactorButton kind="portal" person={user} /> : null}
                      {user.status === 'disabled' ? (
                        <Button size="sm" isDisabled={busy} onPress={() => enableUser(user)} aria-label={`Enable ${user.name}`}>
                          Enable
                        </Button>
                      ) : null}
                    </div>
                  </Cell>
                </Row>
              );
            }}
          </TableBody>
        </Table>
      )}

      <InvitePortalUserDialog isOpen={inviteOpen} onOpenChange={setInviteOpen} clientId={clientId} clientName={clientName} />

      <ConfirmActionDialog
        target={toDisable}
        onClose={() => setToDisable(null)}
        action={disable}
        title={`Disable ${toDisable?.name ?? 'this user'}?`}
        confirmLabel="Disable user"
        destructive
        onConfirm={(user) =>
          disable.mutate(user.id, {
            onSuccess: () => {
              setToDisable(null);
              toast.show(`${user.name} can no longer sign in to the portal.`);
            },
          })
        }
      >
        <p>
          {toDisable?.name} ({toDisable?.email}) will be signed out straight away and won't be able to sign in to the
          portal. You can enable them again later.
        </p>
      </ConfirmActionDialog>

      <ConfirmActionDialog
        target={toRevoke}
        onClose={() => setToRevoke(null)}
        action={revoke}
        title="Revoke invitation?"
        confirmLabel="Revoke invitation"
        destructive
        onConfirm={(user) =>
          revoke.mutate(user.id, {
            onSuccess: () => {
              setToRevoke(null);
              toast.show(`The invitation for ${user.email} no longer works.`);
            },
          })
        }
      >
        <p>
          The link we emailed to {toRevoke?.email} will stop working. You can send a new invitation later.
        </p>
      </ConfirmActionDialog>
    </Card>
  );
}
