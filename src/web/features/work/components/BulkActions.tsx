import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { Select, type SelectOption } from '../../../components/Select';
import { useToast } from '../../../components/Toast';
import { errorMessage } from '../../../lib/api-client';
import { useBulkUpdateServices } from '../api/use-bulk-update-services';

const UNASSIGNED = 'unassigned';

type Action = 'assign' | 'stage';

export interface BulkActionsProps {
  selectedIds: ReadonlyArray<string>;
  staffOptions: ReadonlyArray<SelectOption>;
  stageOptions: ReadonlyArray<SelectOption>;
  /** After a bulk change went through (the page clears its selection). */
  onDone: () => void;
  onClearSelection: () => void;
}

function plural(n: number): string {
  return `${n} ${n === 1 ? 'service' : 'services'}`;
}

/**
 * "Assign to…" and "Change stage…" for the selected services. The server checks every id first; when
 * it refuses (404 a service is gone, 409 a stage does not fit) nothing changed, and its reason is shown.
 */
export function BulkActions({ selectedIds, staffOptions, stageOptions, onDone, onClearSelection }: BulkActionsProps) {
  const bulk = useBulkUpdateServices();
  const toast = useToast();
  const [action, setAction] = useState<Action | null>(null);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [stageKey, setStageKey] = useState<string | null>(null);
  const count = selectedIds.length;

  const open = (next: Action) => {
    bulk.reset();
    setAssigneeId(null);
    setStageKey(null);
    setAction(next);
  };
  const close = () => {
    if (bulk.isPending) return;
    setAction(null);
    bulk.reset();
  };

  const apply = () => {
    const body =
      action === 'assign'
        ? { serviceIds: [...selectedIds], assigneeId: assigneeId === UNASSIGNED ? null : assigneeId }
        : { serviceIds: [...selectedIds], stageKey: stageKey ?? undefined };
    bulk.mutate(body, {
      onSuccess: ({ updated }) => {
        setAction(null);
        toast.show(action === 'assign' ? `${plural(updated)} reassigned.` : `Stage changed on ${plural(updated)}.`);
        onDone();
      },
    });
  };

  const assignees: SelectOption[] = [{ id: UNASSIGNED, label: 'Unassigned' }, ...staffOptions];
  const ready = action === 'assign' ? assigneeId !== null : stageKey !== null;

  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <p className="bulk-count" aria-live="polite">
        {count === 0 ? 'Select services to assign them or change their stage together.' : `${plural(count)} selected`}
      </p>
      <div className="row">
        <Button size="sm" isDisabled={count === 0} onPress={() => open('assign')}>
          Assign to…
        </Button>
        <Button size="sm" isDisabled={count === 0} onPress={() => open('stage')}>
          Change stage…
        </Button>
        {count > 0 ? (
          <Button size="sm" variant="ghost" onPress={onClearSelection}>
            Clear selection
          </Button>
        ) : null}
      </div>
      <Modal
        isOpen={action !== null}
        onOpenChange={(isOpen) => (isOpen ? undefined : close())}
        title={action === 'assign' ? `Assign ${plural(count)}` : `Change the stage of ${plural(count)}`}
        size="sm"
      >
        <div className="stack">
          {action === 'assign' ? (
            <Select label="Assign to" options={assignees} value={assigneeId} onChange={setAssigneeId} placeholder="Choose a team member…" />
          ) : (
            <Select
              label="New stage"
              options={stageOptions}
              value={stageKey}
              onChange={setStageKey}
              placeholder="Choose a stage…"
              description="Only active services whose workflow has this stage can move to it."
            />
          )}
          {bulk.error ? (
            <Alert tone="error" title="Nothing was changed">
              {errorMessage(bulk.error)}
            </Alert>
          ) : null}
        </div>
        <DialogFooter>
          <Button variant="secondary" onPress={close} isDisabled={bulk.isPending}>
            Cancel
          </Button>
          <Button variant="primary" onPress={apply} isPending={bulk.isPending} isDisabled={!ready}>
            {action === 'assign' ? 'Assign' : 'Change stage'}
          </Button>
        </DialogFooter>
      </Modal>
    </div>
  );
}
