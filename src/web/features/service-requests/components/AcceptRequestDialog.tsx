import { type FormEvent, useId } from 'react';
import { z } from 'zod';
import { uuidSchema } from '../../../../contracts/common';
import { acceptServiceRequestBodySchema, type ServiceRequestDto } from '../../../../contracts/service-requests';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select, type SelectOption } from '../../../components/Select';
import { ErrorState, LoadingState } from '../../../components/States';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/use-form';
import { type AcceptServiceRequestBody, useAcceptServiceRequest } from '../api/use-accept-service-request';

const UNASSIGNED = 'unassigned';
const LABELS = { templateId: 'Template', name: 'Service name', periodStart: 'Period start', dueDate: 'Due date', assigneeId: 'Assigned to' };

// The contract's own schema, with a plainer message when no template is chosen yet.
const formSchema = acceptServiceRequestBodySchema.extend({ templateId: z.string().min(1, 'is required: choose the kind of work').pipe(uuidSchema) });

/** A service template as the dialog needs it (the page brings the firm's templates). */
export interface TemplateChoice {
  id: string;
  name: string;
  description: string;
}

/** The templates' query, as the page has it: loading, failed (with Try again) or here. */
export interface TemplatesState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: ReadonlyArray<TemplateChoice> | undefined;
  refetch: () => unknown;
}

interface AcceptFormProps {
  request: ServiceRequestDto;
  templates: ReadonlyArray<TemplateChoice>;
  staffOptions: ReadonlyArray<SelectOption>;
  defaultAssigneeId: string | null;
  onClose: () => void;
  onAccepted: (request: ServiceRequestDto) => void;
}

function AcceptForm({ request, templates, staffOptions, defaultAssigneeId, onClose, onAccepted }: AcceptFormProps) {
  const accept = useAcceptServiceRequest(request.id);
  const formId = useId();
  const initialTemplate = request.templateId && templates.some((t) => t.id === request.templateId) ? request.templateId : '';
  const initialAssignee = defaultAssigneeId && staffOptions.some((o) => o.id === defaultAssigneeId) ? defaultAssigneeId : UNASSIGNED;
  const form = useForm({ templateId: initialTemplate, name: '', periodStart: '', dueDate: '', assigneeId: initialAssignee }, LABELS, accept.error);
  const { values } = form;
  const template = templates.find((t) => t.id === values.templateId);
  const templateOptions: SelectOption[] = templates.map((t) => ({ id: t.id, label: t.name, description: t.description }));
  const assigneeOptions: SelectOption[] = [{ id: UNASSIGNED, label: 'Unassigned' }, ...staffOptions];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (accept.isPending) return;
    const body: AcceptServiceRequestBody = {
      version: request.version,
      templateId: values.templateId,
      name: values.name.trim() || undefined,
      periodStart: values.periodStart || undefined,
      dueDate: values.dueDate || undefined,
      assigneeId: values.assigneeId === UNASSIGNED ? null : values.assigneeId,
    };
    if (!form.validate(formSchema, body)) return;
    accept.mutate(body, { onSuccess: onAccepted });
  };

  return (
    <>
      <form id={formId} className="form" noValidate onSubmit={submit}>
        <FormErrorSummary {...form.summaryProps} />
        <p>
          {request.client.name} asked for <strong>{request.category}</strong>. The service is created from a template and shown to them in their portal; the request is then
          Accepted.
        </p>
        <Select
          id={form.fieldId('templateId')}
          label="Template"
          options={templateOptions}
          value={values.templateId || null}
          onChange={(v) => form.setValue('templateId', v)}
          error={form.errorFor('templateId')}
          placeholder="Choose a template…"
          description="The kind of work: its stages and starting tasks come from the template."
          isRequired
          isDisabled={accept.isPending}
        />
        <TextField
          {...form.field('name')}
          label="Service name"
          optional
          maxLength={200}
          isReadOnly={accept.isPending}
          description={template ? `Leave empty to call it “${template.name}” (with the period, when there is one).` : 'Leave empty to use the template’s name.'}
        />
        <div className="form-grid">
          <DateField {...form.field('periodStart')} label="Period start" optional isDisabled={accept.isPending} description="The first day of the period the work covers." />
          <DateField {...form.field('dueDate')} label="Due date" optional isDisabled={accept.isPending} description="Leave empty for the ATO date, or none." />
        </div>
        <Select
          id={form.fieldId('assigneeId')}
          label="Assigned to"
          options={assigneeOptions}
          value={values.assigneeId}
          onChange={(v) => form.setValue('assigneeId', v)}
          error={form.errorFor('assigneeId')}
          description="The team member responsible; the client sees their name."
          isDisabled={accept.isPending}
        />
      </form>
      <DialogFooter>
        <Button variant="secondary" onPress={onClose} isDisabled={accept.isPending}>
          Cancel
        </Button>
        <Button type="submit" form={formId} variant="primary" isPending={accept.isPending}>
          Accept and create service
        </Button>
      </DialogFooter>
    </>
  );
}

export interface AcceptRequestDialogProps {
  request: ServiceRequestDto;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  templates: TemplatesState;
  /** Team members a service can be assigned to (the page supplies them). */
  staffOptions: ReadonlyArray<SelectOption>;
  defaultAssigneeId: string | null;
  onAccepted: (request: ServiceRequestDto) => void;
}

/** Accept the request as a service: a template, optionally its name, period, due date and who does it. */
export function AcceptRequestDialog({ request, isOpen, onOpenChange, templates, staffOptions, defaultAssigneeId, onAccepted }: AcceptRequestDialogProps) {
  const close = () => onOpenChange(false);
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title={`Accept as a service for ${request.client.name}`} size="lg" isDismissable={false}>
      {templates.isPending ? (
        <LoadingState label="Loading templates…" />
      ) : templates.isError || !templates.data ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <AcceptForm
          request={request}
          templates={templates.data}
          staffOptions={staffOptions}
          defaultAssigneeId={defaultAssigneeId}
          onClose={close}
          onAccepted={(accepted) => {
            close();
            onAccepted(accepted);
          }}
        />
      )}
    </Modal>
  );
}
