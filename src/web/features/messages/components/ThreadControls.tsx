import type { ThreadDto } from '../../../../contracts/messages';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Select, type SelectOption } from '../../../components/Select';
import { errorMessage } from '../../../lib/api-client';
import { useUpdateThread } from '../api/use-update-thread';

const NOBODY = 'nobody';

export interface ThreadControlsProps {
  thread: ThreadDto;
  /** The team (everyone not disabled). */
  staffOptions: ReadonlyArray<SelectOption>;
}

/** Staff: who looks after the thread, and Close or Reopen. Each change applies at once. */
export function ThreadControls({ thread, staffOptions }: ThreadControlsProps) {
  const update = useUpdateThread(thread.id);
  const options: SelectOption[] = [{ id: NOBODY, label: 'Nobody' }, ...staffOptions];
  // A former team member still shows as the assignee until someone else is chosen.
  if (thread.assignedTo && !options.some((o) => o.id === thread.assignedTo?.id)) options.push({ id: thread.assignedTo.id, label: thread.assignedTo.name });
  const closed = thread.status === 'closed';
  return (
    <div className="thread-controls">
      <Select
        label="Assigned to"
        options={options}
        value={thread.assignedTo?.id ?? NOBODY}
        onChange={(v) => update.mutate({ assignedStaffId: v === NOBODY ? null : v })}
        description="They are told when the client writes."
      />
      <div className="thread-controls-status">
        <p className="thread-controls-label">Status</p>
        <p>{closed ? 'Closed: a new message from either side opens it again.' : 'Open'}</p>
        <Button size="sm" onPress={() => update.mutate({ status: closed ? 'open' : 'closed' })} isPending={update.isPending && update.variables?.status !== undefined}>
          {closed ? 'Reopen' : 'Close thread'}
        </Button>
      </div>
      {update.error ? <Alert tone="error">{errorMessage(update.error)}</Alert> : null}
    </div>
  );
}
