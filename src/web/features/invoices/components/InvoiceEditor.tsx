import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { InvoiceDto } from '../../../../contracts/invoices';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { DateField } from '../../../components/DateField';
import { ConfirmDialog } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Card } from '../../../components/PageHeader';
import { RadioGroup } from '../../../components/RadioGroup';
import type { SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { apiFieldErrors, type FieldErrors, fieldSentence } from '../../../lib/form-errors';
import { useCreateInvoice, useUpdateInvoice } from '../api/use-save-invoice';
import { useIssueInvoice } from '../api/use-issue-invoice';
import { buildDraftBody, type DraftLine, type DraftValues, draftFieldLabel, draftFromInvoice, draftSignature, emptyDraft, inFormOrder, newLine, previewTotals } from './invoice-draft';
import { priceModeOptions } from './invoice-labels';
import { InvoiceLinesEditor } from './InvoiceLinesEditor';
import { InvoiceTotalsList } from './InvoiceTotalsList';
import './invoices.css';

export interface InvoiceEditorProps {
  /** The saved draft, or null for a new one. */
  invoice: InvoiceDto | null;
  /** The client a new invoice is for; an existing draft's client cannot change. */
  clientId: string;
  /** The page's client picker (a new invoice only), with this form's id and error for it. */
  renderClientPicker: (field: { id: string; error: string | undefined }) => ReactNode;
  /** The chosen client's services, to link lines to. */
  serviceOptions: ReadonlyArray<SelectOption>;
  /** The firm's settings: whether GST is charged, and the payment terms a missing due date falls back to. */
  gstRegistered: boolean;
  termsDays: number | null;
  /** A new draft was saved (the page moves to its address). */
  onCreated: (invoice: InvoiceDto) => void;
  /** The draft was issued (the page shows the issued invoice). */
  onIssued: (invoice: InvoiceDto) => void;
  /** "Void draft" (existing drafts only). */
  actions?: ReactNode;
}

/**
 * A draft invoice: client, price mode, due date, notes and lines, with the totals previewed by the
 * same GST rule the server uses (the server's totals are the truth once saved). Save draft and Issue.
 */
export function InvoiceEditor({ invoice, clientId, renderClientPicker, serviceOptions, gstRegistered, termsDays, onCreated, onIssued, actions }: InvoiceEditorProps) {
  const prefix = useId();
  const fieldId = (name: string) => `${prefix}-${name}`;
  const toast = useToast();
  const create = useCreateInvoice();
  const update = useUpdateInvoice();
  const issue = useIssueInvoice();
  const [values, setValues] = useState<DraftValues>(() => (invoice ? draftFromInvoice(invoice) : emptyDraft(clientId)));
  const [saved, setSaved] = useState(() => (invoice ? draftSignature(draftFromInvoice(invoice)) : null));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [issueError, setIssueError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'issue' | null>(null);
  const version = useRef(invoice?.version ?? 0);
  const current = useRef<InvoiceDto | null>(invoice);

  // The page owns the client (its picker); lines linked to another client's service lose the link.
  const lastClient = useRef(clientId);
  useEffect(() => {
    if (lastClient.current === clientId) return;
    lastClient.current = clientId;
    setValues((v) => ({ ...v, clientId, lines: v.lines.map((l) => ({ ...l, serviceId: '' })) }));
    setClientErrors(({ clientId: _gone, ...rest }) => rest);
  }, [clientId]);

  const totals = useMemo(() => previewTotals(values, gstRegistered), [values, gstRegistered]);
  const dirty = saved === null || draftSignature(values) !== saved;

  const errors = useMemo<FieldErrors>(() => inFormOrder({ ...apiFieldErrors(failure), ...clientErrors }), [failure, clientErrors]);
  const labels = useMemo(() => Object.fromEntries(Object.keys(errors).map((k) => [k, draftFieldLabel(k)])), [errors]);
  const errorFor = (name: string) => (errors[name] ? fieldSentence(draftFieldLabel(name), errors[name]) : undefined);
  const message = failure && !(isApiError(failure) && failure.errors.length > 0) ? errorMessage(failure) : null;
  const stale = isApiError(failure) && failure.code === 'STALE_VERSION';

  const edit = (change: (v: DraftValues) => DraftValues, touched: string[]) => {
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

  /** Checks what was typed; the body to send, or null with the problems shown. */
  const checked = () => {
    setFailure(null);
    const { body, errors: found } = buildDraftBody(values);
    setClientErrors(found);
    return Object.keys(found).length === 0 ? body : null;
  };

  /** Creates or updates the draft when it has unsaved changes; the saved draft. */
  const persist = async (body: NonNullable<ReturnType<typeof checked>>): Promise<InvoiceDto> => {
    const existing = current.current;
    if (existing && !dirty) return existing;
    const result = existing
      ? await update.mutateAsync({ id: existing.id, body: { version: version.current, priceMode: body.priceMode, dueDate: body.dueDate ?? null, notes: body.notes, lines: body.lines } })
      : await create.mutateAsync(body);
    current.current = result;
    version.current = result.version;
    const next = draftFromInvoice(result);
    setValues((v) => ({ ...next, lines: next.lines.map((l, i) => ({ ...l, key: v.lines[i]?.key ?? l.key })) }));
    setSaved(draftSignature(next));
    return result;
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = checked();
    if (!body) return;
    setBusy('save');
    try {
      const wasNew = current.current === null;
      const result = await persist(body);
      toast.show('Draft saved.');
      if (wasNew) onCreated(result);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const startIssue = () => {
    if (!checked()) return;
    setIssueError(null);
    setConfirming(true);
  };

  const confirmIssue = async () => {
    const body = checked();
    if (!body) {
      setConfirming(false);
      return;
    }
    setBusy('issue');
    setIssueError(null);
    let draft: InvoiceDto;
    try {
      draft = await persist(body);
    } catch (error) {
      // A refused save belongs to the form (its fields); the dialog closes so the form shows why.
      setConfirming(false);
      setFailure(error);
      setBusy(null);
      return;
    }
    try {
      const issued = await issue.mutateAsync({ id: draft.id, version: draft.version });
      setConfirming(false);
      toast.show(`Invoice ${issued.number ?? ''} issued.`);
      onIssued(issued);
    } catch (error) {
      setIssueError(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const dueDescription = termsDays === null ? 'Leave empty to use your firm’s payment terms from the issue date.' : `Leave empty to use your firm’s payment terms: ${termsDays} days from the issue date.`;

  return (
    <form className="form invoice-editor" noValidate onSubmit={(e) => void save(e)} aria-label={invoice ? 'Draft invoice' : 'New invoice'}>
      <FormErrorSummary errors={errors} labels={labels} fieldId={fieldId} message={message} />
      {stale ? (
        <Alert tone="info" title="Your change was not saved">
          Reload the page to see the other change, then make yours again.
        </Alert>
      ) : null}
      <Card title="Details">
        <div className="form-grid">
          {invoice ? (
            <div className="field">
              <span className="field-label">Client</span>
              <p>{invoice.client.name}</p>
            </div>
          ) : (
            renderClientPicker({ id: fieldId('clientId'), error: errorFor('clientId') })
          )}
          <DateField
            id={fieldId('dueDate')}
            label="Due date"
            optional
            value={values.dueDate}
            onChange={(dueDate) => edit((v) => ({ ...v, dueDate }), ['dueDate'])}
            error={errorFor('dueDate')}
            description={dueDescription}
          />
          {gstRegistered ? (
            <RadioGroup
              id={fieldId('priceMode')}
              label="Prices"
              orientation="horizontal"
              options={priceModeOptions}
              value={values.priceMode}
              onChange={(v) => edit((d) => ({ ...d, priceMode: v === 'inclusive' ? 'inclusive' : 'exclusive' }), ['priceMode'])}
              error={errorFor('priceMode')}
              className="span-2"
            />
          ) : null}
          <TextField
            id={fieldId('notes')}
            label="Notes"
            optional
            multiline
            rows={2}
            value={values.notes}
            onChange={(notes) => edit((v) => ({ ...v, notes }), ['notes'])}
            error={errorFor('notes')}
            description="Printed on the invoice, e.g. how to pay."
            className="span-2"
          />
        </div>
      </Card>

      <Card title="Lines">
        <div className="stack">
          {errors.lines ? <p className="field-error">{errorFor('lines')}</p> : null}
          <InvoiceLinesEditor
            lines={values.lines}
            onChange={changeLine}
            onRemove={(index) => edit((v) => ({ ...v, lines: v.lines.filter((_, i) => i !== index) }), [])}
            onAdd={() => edit((v) => ({ ...v, lines: [...v.lines, newLine()] }), ['lines'])}
            serviceOptions={serviceOptions}
            amounts={totals.lines.map((l, i) => (totals.readable[i] ? l.amountCents : null))}
            gstRegistered={gstRegistered}
            fieldId={fieldId}
            errorFor={errorFor}
          />
          <InvoiceTotalsList
            caption="Totals (worked out again by Ledger Loom when you save)"
            subtotalCents={totals.subtotalCents}
            gstCents={totals.gstCents}
            totalCents={totals.totalCents}
            gstRegistered={gstRegistered}
            priceMode={values.priceMode}
          />
        </div>
      </Card>

      <div className="form-actions invoice-editor-actions">
        <Button type="submit" variant="secondary" isPending={busy === 'save'} isDisabled={busy !== null}>
          Save draft
        </Button>
        <Button variant="primary" onPress={startIssue} isDisabled={busy !== null}>
          Issue invoice
        </Button>
        {actions}
        {!dirty ? <span className="muted invoice-saved-note">All changes saved</span> : null}
      </div>

      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={(open) => {
          if (open || busy !== null) return;
          setConfirming(false);
          // Issuing a new invoice saved it first: when the issue was refused, the draft moves to its own address.
          if (!invoice && current.current) onCreated(current.current);
        }}
        title="Issue this invoice?"
        confirmLabel="Issue invoice"
        onConfirm={() => void confirmIssue()}
        isPending={busy === 'issue'}
        error={issueError}
      >
        <p>Issued invoices cannot be changed. Issuing gives this invoice the next number and today’s date, and the client can then see it in their portal.</p>
        {dirty ? <p>Your changes are saved first.</p> : null}
      </ConfirmDialog>
    </form>
  );
}
