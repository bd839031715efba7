import { type FormEvent, useId } from 'react';
import { z } from 'zod';
import { type InvoiceDto, voidInvoiceBodySchema } from '../../../../contracts/invoices';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { useForm } from '../../../lib/use-form';
import { useVoidInvoice } from '../api/use-void-invoice';

/** The contract's rule, said after the field's label ("Reason is required"). */
const voidFormSchema = voidInvoiceBodySchema.extend({ reason: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters') });

export interface VoidInvoiceDialogProps {
  invoice: InvoiceDto;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Void with a reason (kept in the audit log). An invoice with payments cannot be voided (409, said in the dialog). */
export function VoidInvoiceDialog({ invoice, isOpen, onOpenChange }: VoidInvoiceDialogProps) {
  const action = useVoidInvoice(invoice.id);
  const toast = useToast();
  const form = useForm({ reason: '' }, { reason: 'Reason' }, action.error);
  const formId = useId();
  const what = invoice.number ? `invoice ${invoice.number}` : 'this draft';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { version: invoice.version, reason: form.values.reason };
    if (!form.validate(voidFormSchema, body)) return;
    action.mutate(body, {
      onSuccess: (voided) => {
        close();
        toast.show(`${voided.number ? `Invoice ${voided.number}` : 'The draft'} is void.`);
      },
    });
  };

  const close = () => {
    form.reset({ reason: '' });
    action.reset();
    onOpenChange(false);
  };

  return (
    <Modal
      isOpen={isOpen}
      onOpenChange={(open) => (open ? onOpenChange(true) : close())}
      title={`Void ${what}?`}
      size="sm"
    >
      <form id={formId} className="form" noValidate onSubmit={submit}>
        <FormErrorSummary {...form.summaryProps} />
        <p>
          A void invoice stays on record with its number, but nobody owes anything on it. {invoice.number ? 'It no longer shows in the client’s portal. ' : ''}This cannot be undone.
        </p>
        <TextField {...form.field('reason')} label="Reason" isRequired multiline rows={2} description="Kept in the audit log, e.g. “Issued to the wrong client”." />
      </form>
      <DialogFooter>
        <Button variant="secondary" onPress={close} isDisabled={action.isPending}>
          Keep it
        </Button>
        <Button type="submit" form={formId} variant="danger" isPending={action.isPending}>
          Void {invoice.number ? 'invoice' : 'draft'}
        </Button>
      </DialogFooter>
    </Modal>
  );
}
