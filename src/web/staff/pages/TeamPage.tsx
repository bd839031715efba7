import { useState } from 'react';
import { Button } from '../../components/Button';
import { Card, PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { useStaffMembers } from '../../features/team/api/use-staff-members';
import { InviteStaffDialog } from '../../features/team/components/InviteStaffDialog';
import { TeamTable } from '../../features/team/components/TeamTable';
import { useDocumentTitle } from '../../lib/use-document-title';
import { canManage, useSignedInStaff } from '../session-context';

export function TeamPage() {
  useDocumentTitle('Team', 'Ledger Loom');
  const session = useSignedInStaff();
  const members = useStaffMembers();
  const [inviting, setInviting] = useState(false);
  const manages = canManage(session);

  return (
    <>
      <PageHeader
        title="Team"
        description={manages ? 'Invite people to your workspace and choose what they can do.' : 'The people in your practice.'}
        actions={
          manages ? (
            <Button variant="primary" onPress={() => setInviting(true)}>
              Invite team member
            </Button>
          ) : null
        }
      />
      <Card className="card-flush">
        {members.isPending ? (
          <LoadingState label="Loading team…" />
        ) : members.isError ? (
          <div className="card-body">
            <ErrorState error={members.error} onRetry={() => void members.refetch()} />
          </div>
        ) : (
          <TeamTable members={members.data} me={session.user} />
        )}
      </Card>
      {manages ? <InviteStaffDialog isOpen={inviting} onOpenChange={setInviting} /> : null}
    </>
  );
}
