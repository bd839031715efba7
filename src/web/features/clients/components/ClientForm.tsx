import type { FormEvent } from 'react';
import { type Client, type ClientType, type CreateClientBody, clientTypeLabels, clientTypes, createClientBodySchema } from '../../../../contracts/clients';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select, type SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { formatAbn, formatAcn, formatPhone } from '../../../lib/format';
import { useForm } from '../../../lib/use-form';
import { typesWithAcn } from './client-labels';

const UNASSIGNED = 'unassigned';

const LABELS = {
  type: 'Type',
  name: 'Name',
  abn: 'ABN',
  acn: 'ACN',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  assignedStaffId: 'Assigned to',
};

const typeOptions: SelectOption<ClientType>[] = clientTypes.map((t) => ({ id: t, label: clientTypeLabels[t] }));

export interface ClientFormProps {
  client?: Client;
  /** Team members a client can be assigned to (the page supplies them). */
  staffOptions: ReadonlyArray<SelectOption>;
  submitLabel: string;
  onSubmit: (body: CreateClientBody) => void;
  onCancel: () => void;
  isPending: boolean;
  /** The last failed submit; its field errors are shown on the fields. */
  error: unknown;
}

function initialValues(client: Client | undefined) {
  return {
    type: client?.type ?? 'individual',
    name: client?.name ?? '',
    abn: formatAbn(client?.abn),
    acn: formatAcn(client?.acn),
    email: client?.email ?? '',
    phone: formatPhone(client?.phone),
    address: client?.address ?? '',
    assignedStaffId: client?.assignedStaffId ?? UNASSIGNED,
  };
}

/** Create or edit a client's details. Checked with the server's own schema before sending. */
export function ClientForm({ client, staffOptions, submitLabel, onSubmit, onCancel, isPending, error }: ClientFormProps) {
  const form = useForm(initialValues(client), LABELS, error);
  const { values } = form;
  const hasAcn = typesWithAcn.has(values.type);

  const assigneeOptions: SelectOption[] = [{ id: UNASSIGNED, label: 'Unassigned' }, ...staffOptions];
  // A client may be assigned to someone no longer in the list (e.g. disabled): keep them selectable.
  if (client?.assignedStaffId && !staffOptions.some((o) => o.id === client.assignedStaffId)) {
    assigneeOptions.push({ id: client.assignedStaffId, label: client.assignedStaffName ?? 'Current assignee' });
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CreateClientBody = {
      type: values.type as ClientType,
      name: values.name,
      abn: values.abn,
      acn: hasAcn ? values.acn : '',
      email: values.email,
      phone: values.phone,
      address: values.address,
      assignedStaffId: values.assignedStaffId === UNASSIGNED ? null : values.assignedStaffId,
    };
    if (!form.validate(createClientBodySchema, body)) return;
    onSubmit(body);
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      <FormErrorSummary {...form.summaryProps} />
      <div className="form-grid">
        <Select
          id={form.fieldId('type')}
          label="Type"
          options={typeOptions}
          value={values.type as ClientType}
          onChange={(v) => form.setValue('type', v)}
          error={form.errorFor('type')}
          isRequired
        />
        <TextField {...form.field('name')} label="Name" isRequired description="The person's full name or the entity's legal name." />
        <TextField {...form.field('abn')} label="ABN" optional inputMode="numeric" description="11 digits, e.g. 51 824 753 556" />
        {hasAcn ? (
          <TextField {...form.field('acn')} label="ACN" optional inputMode="numeric" description="9 digits, e.g. 004 085 616" />
        ) : null}
        <TextField {...form.field('email')} label="Email" type="email" optional autoComplete="off" />
        <TextField {...form.field('phone')} label="Phone" type="tel" optional description="e.g. 0412 345 678 or (02) 9876 5432" />
        <TextField {...form.field('address')} label="Address" optional multiline rows={3} className="span-2" />
        <Select
          id={form.fieldId('assignedStaffId')}
          label="Assigned to"
          options={assigneeOptions}
          value={values.assignedStaffId}
          onChange={(v) => form.setValue('assignedStaffId', v)}
          error={form.errorFor('assignedStaffId')}
          description="The team member who looks after this client."
        />
      </div>
      <div className="form-actions form-actions-end">
        <Button variant="secondary" onPress={onCancel} isDisabled={isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
