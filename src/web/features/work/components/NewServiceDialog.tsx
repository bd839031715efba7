import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { uuidSchema } from '../../../../contracts/common';
import { type CreateServiceBody, createServiceBodySchema, type ServiceDetail, type ServiceTemplate } from '../../../../contracts/work';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { Checkbox } from '../../../components/Checkbox';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select, type SelectOption } from '../../../components/Select';
import { ErrorState, LoadingState } from '../../../components/States';
import { Switch } from '../../../components/Switch';
import { useForm } from '../../../lib/use-form';
import { useCreateService } from '../api/use-create-service';
import { useTemplates } from '../api/use-templates';

const UNASSIGNED = 'unassigned';
const LABELS = { templateId: 'Template', periodStart: 'Period start', dueDate: 'Due date', assigneeId: 'Assigned to', recurring: 'Repeat automatically' };

// The contract's own schema, with a plainer message when no template is chosen yet.
const formSchema = createServiceBodySchema.extend({ templateId: z.string().min(1, 'is required: choose the kind of work').pipe(uuidSchema) });

const recurrenceWords: Record<ServiceTemplate['recurrence'], string> = {
  none: '',
  monthly: 'month',
  quarterly: 'quarter',
  annually: 'year',
};

function NewServiceForm({
  clientId,
  templates,
  staffOptions,
  defaultAssigneeId,
  onCancel,
  onCreated,
}: {
  clientId: string;
  templates: ReadonlyArray<ServiceTemplate>;
  staffOptions: ReadonlyArray<SelectOption>;
  defaultAssigneeId: string | null;
  onCancel: () => void;
  onCreated: (service: ServiceDetail) => void;
}) {
  const create = useCreateService();
  const initialAssignee = defaultAssigneeId && staffOptions.some((o) => o.id === defaultAssigneeId) ? defaultAssigneeId : UNASSIGNED;
  const form = useForm({ templateId: '', periodStart: '', dueDate: '', assigneeId: initialAssignee }, LABELS, create.error);
  const [agentConcession, setAgentConcession] = useState(true);
  const [visibleToClient, setVisibleToClient] = useState(true);
  const [recurring, setRecurring] = useState(false);
  const { values } = form;
  const template = templates.find((t) => t.id === values.templateId);
  const atoRule = template !== undefined && template.dueDateRule !== 'manual';
  const repeats = template !== undefined && template.recurrence !== 'none';

  const templateOptions: SelectOption[] = templates.map((t) => ({ id: t.id, label: t.name, description: t.description }));
  const assigneeOptions: SelectOption[] = [{ id: UNASSIGNED, label: 'Unassigned' }, ...staffOptions];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CreateServiceBody = {
      clientId,
      templateId: values.templateId,
      periodStart: values.periodStart || undefined,
      dueDate: values.dueDate || undefined,
      agentConcession: atoRule ? agentConcession : true,
      assigneeId: values.assigneeId === UNASSIGNED ? null : values.assigneeId,
      visibleToClient,
      recurring: repeats ? recurring : false,
    };
    if (!form.validate(formSchema, body)) return;
    create.mutate(body, { onSuccess: onCreated });
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      <FormErrorSummary {...form.summaryProps} />
      <Select
        id={form.fieldId('templateId')}
        label="Template"
        options={templateOptions}
        value={values.templateId || null}
        onChange={(v) => form.setValue('templateId', v)}
        error={form.errorFor('templateId')}
        placeholder="Choose a template…"
        description={template ? `${template.stages.length} stages, ${template.tasks.length} tasks to start with.` : 'The kind of work: its stages and starting tasks come from the template.'}
        isRequired
      />
      <div className="form-grid">
        <DateField
          {...form.field('periodStart')}
          label="Period start"
          optional
          description={repeats ? `Leave empty for the current ${recurrenceWords[template.recurrence]}.` : 'The first day of the period the work covers.'}
        />
        <DateField
          {...form.field('dueDate')}
          label="Due date"
          optional
          description={atoRule ? 'Leave empty to use the ATO date.' : 'Leave empty if there is no due date yet.'}
        />
      </div>
      {atoRule ? (
        <Checkbox isSelected={agentConcession} onChange={setAgentConcession} description="Use the later due dates the ATO allows when a registered tax agent lodges.">
          Registered agent lodgment
        </Checkbox>
      ) : null}
      <Select
        id={form.fieldId('assigneeId')}
        label="Assigned to"
        options={assigneeOptions}
        value={values.assigneeId}
        onChange={(v) => form.setValue('assigneeId', v)}
        error={form.errorFor('assigneeId')}
        description="The team member responsible; the client sees their name."
      />
      <Switch isSelected={visibleToClient} onChange={setVisibleToClient} description="The client sees the service and its client-visible tasks in their portal.">
        Visible to the client
      </Switch>
      {repeats ? (
        <Checkbox
          isSelected={recurring}
          onChange={setRecurring}
          description={`The next ${recurrenceWords[template.recurrence]}’s service is created automatically 14 days before this period ends.`}
        >
          Repeat automatically
        </Checkbox>
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onPress={onCancel} isDisabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={create.isPending}>
          Create service
        </Button>
      </DialogFooter>
    </form>
  );
}

export interface NewServiceDialogProps {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  clientId: string;
  clientName: string;
  /** Team members a service can be assigned to (the page supplies them). */
  staffOptions: ReadonlyArray<SelectOption>;
  defaultAssigneeId: string | null;
  onCreated: (service: ServiceDetail) => void;
}

/** Start a piece of work for a client from one of the firm's templates. */
export function NewServiceDialog({ isOpen, onOpenChange, clientId, clientName, staffOptions, defaultAssigneeId, onCreated }: NewServiceDialogProps) {
  const templates = useTemplates();
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title={`New service for ${clientName}`} size="lg" isDismissable={false}>
      {templates.isPending ? (
        <LoadingState label="Loading templates…" />
      ) : templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <NewServiceForm
          clientId={clientId}
          templates={templates.data}
          staffOptions={staffOptions}
          defaultAssigneeId={defaultAssigneeId}
          onCancel={() => onOpenChange(false)}
          onCreated={(service) => {
            onOpenChange(false);
            onCreated(service);
          }}
        />
      )}
    </Modal>
  );
}
