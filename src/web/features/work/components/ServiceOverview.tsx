import { useEffect, useState } from 'react';
import type { ServiceDetail } from '../../../../contracts/work';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { ConfirmDialog } from '../../../components/Dialog';
import { Card } from '../../../components/PageHeader';
import { ProgressBar } from '../../../components/ProgressBar';
import { Select, type SelectOption } from '../../../components/Select';
import { Switch } from '../../../components/Switch';
import { useToast } from '../../../components/Toast';
import { useReloadService } from '../api/use-reload-service';
import { type UpdateServiceBody, useUpdateService } from '../api/use-update-service';
import { ChangeError } from './ChangeError';
import { progressText, serviceStatusLabels } from './work-labels';
import './work.css';

const UNASSIGNED = 'unassigned';

type Change = Omit<UpdateServiceBody, 'version'>;

function DueDateEditor({ service, onSave, isDisabled }: { service: ServiceDetail; onSave: (dueDate: string | null) => void; isDisabled: boolean }) {
  const [value, setValue] = useState(service.dueDate ?? '');
  // A saved (or reloaded) due date replaces what the box shows.
  useEffect(() => setValue(service.dueDate ?? ''), [service.dueDate]);
  const changed = value !== (service.dueDate ?? '');
  return (
    <form
      className="due-editor"
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) onSave(value === '' ? null : value);
      }}
    >
      <DateField
        label="Due date"
        value={value}
        onChange={setValue}
        isDisabled={isDisabled}
        description={
          <>
            {service.dueDateRule !== 'manual' ? 'Computed from the ATO rule; change it if you need to.' : null}
            {service.overdue ? <span className="due-overdue due-overdue-note">This service is overdue.</span> : null}
          </>
        }
      />
      {changed ? (
        <div className="row">
          <Button type="submit" size="sm" variant="primary" isDisabled={isDisabled}>
            Save due date
          </Button>
          <Button size="sm" variant="ghost" onPress={() => setValue(service.dueDate ?? '')}>
            Undo
          </Button>
        </div>
      ) : null}
    </form>
  );
}

/**
 * A service's stage, assignee, due date, visibility and status. Every change sends the version on
 * screen; a 409 says why (someone else's newer edit → Reload) and nothing is lost silently.
 */
export function ServiceOverview({ service, staffOptions }: { service: ServiceDetail; staffOptions: ReadonlyArray<SelectOption> }) {
  const update = useUpdateService(service.id);
  const refresh = useReloadService(service.id);
  const toast = useToast();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const active = service.status === 'active';
  const status = serviceStatusLabels[service.status];

  const save = (change: Change, done: string) =>
    update.mutate(
      { ...change, version: service.version },
      {
        onSuccess: () => {
          setConfirmCancel(false);
          toast.show(done);
        },
        onError: () => setConfirmCancel(false),
      },
    );

  const reload = async () => {
    await refresh.reload();
    update.reset();
  };

  const stageOptions: SelectOption[] = service.stages.map((s) => ({ id: s.key, label: s.name, description: `Client sees: ${s.clientLabel}` }));
  const assigneeOptions: SelectOption[] = [{ id: UNASSIGNED, label: 'Unassigned' }, ...staffOptions];
  if (service.assignee && !staffOptions.some((o) => o.id === service.assignee?.id)) {
    assigneeOptions.push({ id: service.assignee.id, label: service.assignee.name });
  }
  const busy = update.isPending;

  return (
    <Card
      title="Overview"
      actions={
        <>
          {active ? (
            <>
              <Button size="sm" variant="primary" isDisabled={busy} onPress={() => save({ status: 'completed' }, 'Service completed.')}>
                Complete service
              </Button>
              <Button size="sm" variant="ghost" isDisabled={busy} onPress={() => setConfirmCancel(true)}>
                Cancel service
              </Button>
            </>
          ) : (
            <Button size="sm" isDisabled={busy} onPress={() => save({ status: 'active' }, 'Service reopened.')}>
              Reopen
            </Button>
          )}
        </>
      }
    >
      <div className="stack">
        <ChangeError error={update.error} what="service" onReload={() => void reload()} isReloading={refresh.isReloading} />
        <dl className="details service-facts">
          <div>
            <dt>Status</dt>
            <dd>
              <Badge tone={status.tone}>{status.label}</Badge>
            </dd>
          </div>
          <div>
            <dt>Client sees</dt>
            <dd>{service.stageClientLabel}</dd>
          </div>
          <div>
            <dt>Template</dt>
            <dd>{service.templateName}</dd>
          </div>
          <div>
            <dt>Repeats</dt>
            <dd>{service.recurringPlanId ? 'Yes, automatically' : 'No'}</dd>
          </div>
          <div className="service-progress">
            <dt className="visually-hidden">Progress</dt>
            <dd>
              <ProgressBar
                label="Progress"
                value={service.tasksDone}
                maxValue={service.tasksTotal}
                valueLabel={`${progressText(service.tasksDone, service.tasksTotal)} done`}
              />
            </dd>
          </div>
        </dl>
        <div className="service-controls">
          <Select
            label="Stage"
            options={stageOptions}
            value={service.stageKey}
            isDisabled={busy || !active}
            description={active ? undefined : 'Reopen the service to change its stage.'}
            onChange={(stageKey) => {
              if (stageKey !== service.stageKey) save({ stageKey }, `Stage changed to ${service.stages.find((s) => s.key === stageKey)?.name ?? stageKey}.`);
            }}
          />
          <Select
            label="Assigned to"
            options={assigneeOptions}
            value={service.assignee?.id ?? UNASSIGNED}
            isDisabled={busy}
            onChange={(id) => {
              const assigneeId = id === UNASSIGNED ? null : id;
              if (assigneeId !== (service.assignee?.id ?? null)) save({ assigneeId }, assigneeId ? 'Service reassigned.' : 'Service unassigned.');
            }}
          />
          <DueDateEditor service={service} isDisabled={busy} onSave={(dueDate) => save({ dueDate }, dueDate ? 'Due date saved.' : 'Due date removed.')} />
          <div className="service-visibility">
            <Switch
              isSelected={service.visibleToClient}
              isDisabled={busy}
              onChange={(visibleToClient) => save({ visibleToClient }, visibleToClient ? 'The client can now see this service.' : 'The client can no longer see this service.')}
              description="Shown in the client's portal with its client-visible tasks."
            >
              Visible to the client
            </Switch>
          </div>
        </div>
      </div>
      <ConfirmDialog
        isOpen={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this service?"
        confirmLabel="Cancel service"
        cancelLabel="Keep it"
        destructive
        isPending={busy}
        onConfirm={() => save({ status: 'cancelled' }, 'Service cancelled.')}
      >
        <p>
          {service.name} for {service.clientName} stops, and the client no longer sees it in their portal. You can reopen it later.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
