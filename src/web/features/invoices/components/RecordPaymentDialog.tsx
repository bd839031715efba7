import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { type FormEvent, useEffect, useId, useRef } from 'react';
import { z } from 'zod';
import { formatAud } from '../../../../contracts/gst';
import { type InvoiceDto, recordPaymentBodySchema } from '../../../../contracts/invoices';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Select } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { parseDollarsToCents } from '../../../lib/format';
import { useTimeZone } from '../../../lib/time-zone';
import { useForm } from '../../../lib/use-form';
import { useRecordPayment } from '../api/use-record-payment';
import { paymentMethodLabels } from './invoice-labels';

type Method = 'bank_transfer' | 'cash' | 'other';
const methods: Array<{ id: Method; label: string }> = (['bank_transfer', 'cash', 'other'] as const).map((id) => ({ id, label: paymentMethodLabels[id] }));

const LABELS = { amountCents: 'Amount', receivedOn: 'Date received', method: 'Method', reference: 'Reference' };

/** The contract's rules, with the amount (typed in dollars) said in words when it cannot be read. */
const paymentFormSchema = recordPaymentBodySchema.omit({ amountCents: true }).extend({
  amount: z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an amount in dollars and cents, e.g. $1,234.50') })
    .int()
    .min(1, 'must be more than $0.00'),
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is required'),
});

export interface RecordPaymentDialogProps {
  invoice: InvoiceDto;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Money received outside the portal: amount (the balance unless changed), date, method and a reference. */
export function RecordPaymentDialog({ invoice, isOpen, onOpenChange }: RecordPaymentDialogProps) {
  const action = useRecordPayment(invoice.id);
  const toast = useToast();
  const timeZone = useTimeZone();
  const initial = () => ({ amount: formatAud(invoice.balanceCents), receivedOn: format(new TZDate(Date.now(), timeZone), 'yyyy-MM-dd'), method: 'bank_transfer', reference: '' });
  const form = useForm(initial(), { amount: 'Amount', receivedOn: 'Date received', method: 'Method', reference: 'Reference' }, action.error);
  const formId = useId();

  // Each opening starts from the balance as it is now (a payment may have changed it since).
  const wasOpen = useRef(false);
  useEffect(() => {
    if (isOpen && !wasOpen.current) form.reset(initial());
    wasOpen.current = isOpen;
  });

  const close = () => {
    form.reset(initial());
    action.reset();
    onOpenChange(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cents = parseDollarsToCents(form.values.amount);
    const fields = { receivedOn: form.values.receivedOn, method: form.values.method as Method, reference: form.values.reference };
    // The box is "amount" (dollars typed); the contract's amountCents is checked under that name.
    if (!form.validate(paymentFormSchema, { ...fields, amount: cents === null ? undefined : cents === 'invalid' ? Number.NaN : cents })) return;
    action.mutate({ ...fields, amountCents: cents as number }, {
      onSuccess: () => {
        toast.show(`Payment of ${formatAud(cents as number)} recorded.`);
        close();
      },
    });
  };

  return (
    <Modal isOpen={isOpen} onOpenChange={(open) => (open ? onOpenChange(true) : close())} title={`Record a payment${invoice.number ? ` for ${invoice.number}` : ''}`} size="sm">
      <form id={formId} className="form" noValidate onSubmit={submit}>
        <FormErrorSummary {...form.summaryProps} labels={{ ...form.summaryProps.labels, ...LABELS }} fieldId={(name) => form.fieldId(name === 'amountCents' ? 'amount' : name)} />
        <p className="muted">Balance due: {formatAud(invoice.balanceCents)}</p>
        <TextField {...form.field('amount')} error={form.errorFor('amount') ?? form.errorFor('amountCents')} label="Amount" inputMode="decimal" isRequired />
        <DateField id={form.fieldId('receivedOn')} label="Date received" value={form.values.receivedOn} onChange={(v) => form.setValue('receivedOn', v)} error={form.errorFor('receivedOn')} isRequired />
        <Select id={form.fieldId('method')} label="Method" options={methods} value={form.values.method as Method} onChange={(v) => form.setValue('method', v)} error={form.errorFor('method')} />
        <TextField {...form.field('reference')} label="Reference" optional description="e.g. the bank transfer’s description or receipt number." />
      </form>
      <DialogFooter>
        <Button variant="secondary" onPress={close} isDisabled={action.isPending}>
          Cancel
        </Button>
        <Button type="submit" form={formId} variant="primary" isPending={action.isPending}>
          Record payment
        </Button>
      </DialogFooter>
    </Modal>
  );
}
