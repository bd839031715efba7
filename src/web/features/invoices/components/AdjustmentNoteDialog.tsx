import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatAud } from '../../../../contracts/gst';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { Button } from '../../../components/Button';
import { DialogFooter, Modal } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import type { SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { apiFieldErrors, type FieldErrors, fieldSentence } from '../../../lib/form-errors';
import { useCreateAdjustment } from '../api/use-create-adjustment';
import { type AdjustmentValues, buildAdjustmentBody, type DraftLine, draftFieldLabel, inFormOrder, newLine, previewTotals } from './invoice-draft';
import { InvoiceLinesEditor } from './InvoiceLinesEditor';
import { InvoiceTotalsList } from './InvoiceTotalsList';

const empty = (): AdjustmentValues => ({ reason: '', lines: [newLine()] });

export interface AdjustmentNoteDialogProps {
  /** An issued invoice with something still owing. */
  invoice: InvoiceDto;
  /** The client's services, to link lines to. */
  serviceOptions: ReadonlyArray<SelectOption>;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** The note was issued (the page moves to it). */
  onIssued: (note: InvoiceDto) => void;
}

/**
 * An adjustment note against an issued invoice: a reason and lines priced like the invoice, with
 * the totals previewed by the one GST rule. It reduces what is still owing; the server refuses a
 * note for more than that (422, said in the dialog) and numbers and e-mails the note.
 */
export function AdjustmentNoteDialog({ invoice, serviceOptions, isOpen, onOpenChange, onIssued }: AdjustmentNoteDialogProps) {
  const action = useCreateAdjustment(invoice.id);
  const toast = useToast();
  const prefix = useId();
  const formId = `${prefix}-form`;
  const fieldId = (name: string) => `${prefix}-${name}`;
  const [values, setValues] = useState<AdjustmentValues>(empty);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});

  // Each opening starts afresh (another note may have changed what is owed since).
  const wasOpen = useRef(false);
  useEffect(() => {
    if (isOpen && !wasOpen.current) {
      setValues(empty());
      setClientErrors({});
      action.reset();
    }
    wasOpen.current = isOpen;
  });

  const totals = useMemo(() => previewTotals({ priceMode: invoice.priceMode, lines: values.lines }, invoice.gstRegistered), [values.lines, invoice.priceMode, invoice.gstRegistered]);
  const owing = invoice.balanceCents;
  const tooMuch = totals.totalCents > owing;

  const failure = action.error;
  const errors = useMemo<FieldErrors>(() => inFormOrder({ ...apiFieldErrors(failure), ...clientErrors }), [failure, clientErrors]);
  const labels = useMemo(() => Object.fromEntries(Object.keys(errors).map((k) => [k, draftFieldLabel(k)])), [errors]);
  const errorFor = (name: string) => (errors[name] ? fieldSentence(draftFieldLabel(name), errors[name]) : undefined);
  // The server's sentence, unless it only lists the fields' problems again (a 400 with field errors).
  const message = failure && !(isApiError(failure) && failure.code === 'VALIDATION' && failure.errors.length > 0) ? errorMessage(failure) : null;

  const edit = (change: (v: AdjustmentValues) => AdjustmentValues, touched: string[]) => {
    setValues(change);
    setClientErrors((e) => {
      if (!touched.some((t) => t in e)) return e;
      const rest = { ...e };
      for (const t of touched) delete rest[t];
      return rest;
    });
  };
  const changeLine = (index: number, change: Partial<Omit<DraftLine, 'key'>>) => {
    const fields = Object.keys(change).map((k) => ({ quantity: 'quantityMilli', unitPrice: 'unitPriceCents' })[k] ?? k);
    edit((v) => ({ ...v, lines: v.lines.map((l, i) => (i === index ? { ...l, ...change } : l)) }), fields.map((f) => `lines.${index}.${f}`));
  };

  const close = () => {
    if (action.isPending) return;
    onOpenChange(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.reset();
    const { body, errors: found } = buildAdjustmentBody(values);
    setClientErrors(found);
    if (Object.keys(found).length > 0) return;
    action.mutate(body, {
      onSuccess: (note) => {
        onOpenChange(false);
        toast.show(`Adjustment note ${note.number ?? ''} issued.`);
        onIssued(note);
      },
    });
  };

  // The number kept whole on a phone ("INV-" and "000001" on two lines reads as two things).
  const number = <span className="nowrap">{invoice.number ?? 'this invoice'}</span>;
  const numberText = invoice.number ?? 'this invoice';
  return (
    <Modal isOpen={isOpen} onOpenChange={(open) => (open ? onOpenChange(true) : close())} title={<>Adjustment note for {number}</>} size="xl">
      <form id={formId} className="form adjustment-form" noValidate onSubmit={submit}>
        <FormErrorSummary errors={errors} labels={labels} fieldId={fieldId} message={message} />
        <p>
          An adjustment note reduces what is still owing ({formatAud(owing)}) on {number}. It gets the next number, the client is e-mailed, and it cannot be changed
          afterwards. Refunds of amounts already paid are not made here.
        </p>
        <TextField
          id={fieldId('reason')}
          label="Reason"
          isRequired
          multiline
          rows={2}
          value={values.reason}
          onChange={(reason) => edit((v) => ({ ...v, reason }), ['reason'])}
          error={errorFor('reason')}
          description="Printed on the adjustment note, e.g. “Discount agreed for the late lodgement”."
        />
        <fieldset className="adjustment-lines">
          <legend className="field-label">What is credited</legend>
          <p className="field-description">
            {invoice.gstRegistered ? `${invoice.priceMode === 'inclusive' ? 'Amounts include GST' : 'Amounts exclude GST'}, as on the invoice.` : 'No GST is charged, as on the invoice.'}
          </p>
          {errors.lines ? <p className="field-error">{errorFor('lines')}</p> : null}
          <InvoiceLinesEditor
            lines={values.lines}
            onChange={changeLine}
            onRemove={(index) => edit((v) => ({ ...v, lines: v.lines.filter((_, i) => i !== index) }), [])}
            onAdd={() => edit((v) => ({ ...v, lines: [...v.lines, newLine()] }), ['lines'])}
            serviceOptions={serviceOptions}
            amounts={totals.lines.map((l, i) => (totals.readable[i] ? l.amountCents : null))}
            gstRegistered={invoice.gstRegistered}
            fieldId={fieldId}
            errorFor={errorFor}
          />
        </fieldset>
        <InvoiceTotalsList
          caption="Preview (worked out again by Ledger Loom when you issue it)"
          subtotalCents={totals.subtotalCents}
          gstCents={totals.gstCents}
          totalCents={totals.totalCents}
          gstRegistered={invoice.gstRegistered}
          priceMode={invoice.priceMode}
        />
        <p className={tooMuch ? 'adjustment-owing adjustment-owing-over' : 'adjustment-owing'}>
          {tooMuch
            ? `This is more than the ${formatAud(owing)} still owing on ${numberText}.`
            : `Still owing on ${numberText} after this note: ${formatAud(owing - totals.totalCents)}`}
        </p>
      </form>
      <DialogFooter>
        <Button variant="secondary" onPress={close} isDisabled={action.isPending}>
          Cancel
        </Button>
        <Button type="submit" form={formId} variant="primary" isPending={action.isPending}>
          Issue adjustment note
        </Button>
      </DialogFooter>
    </Modal>
  );
}
