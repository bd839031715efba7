import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ProposalDetail, ProposalTemplate } from '../../../../contracts/proposals';
import { clientTypeLabels, clientTypes, type PortalUser } from '../../../../contracts/clients';
import { Button } from '../../../components/Button';
import { Checkbox } from '../../../components/Checkbox';
import { DateField } from '../../../components/DateField';
import { ConfirmDialog } from '../../../components/Dialog';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Card } from '../../../components/PageHeader';
import { RadioGroup } from '../../../components/RadioGroup';
import { Select, type SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { apiFieldErrors, type FieldErrors, fieldSentence } from '../../../lib/form-errors';
import { formatMoney } from '../../../lib/format';
import { useCreateProposal, useProposalAction, useUpdateProposal } from '../api/use-proposal';
import { gstOptions, kindOptions, periodLabels } from './proposal-labels';
import {
  blankDraft, buildBody, type DraftItem, draftFromProposal, fieldLabel, fromTemplate, newItem, newOther, type ProposalDraftValues, previewTotals, tidyPrice,
} from './proposal-draft';
import './proposals.css';

const BLANK = 'blank';
const typeOptions: SelectOption[] = clientTypes.map((t) => ({ id: t, label: clientTypeLabels[t] }));
const NO_SERVICE = 'none';

export interface ProposalEditorProps {
  /** The saved draft, or null for a new one. */
  proposal: ProposalDetail | null;
  clientId: string;
  /** The page's client picker (a new proposal only). */
  renderClientPicker: (field: { id: string; error: string | undefined }) => ReactNode;
  templates: ReadonlyArray<ProposalTemplate>;
  /** The firm's service templates, which items become on acceptance. */
  serviceTemplateOptions: ReadonlyArray<SelectOption>;
  /** The chosen client's portal users (who may be asked to sign). */
  portalUsers: ReadonlyArray<PortalUser>;
  gstRegistered: boolean;
  onCreated: (p: ProposalDetail) => void;
  onSent: (p: ProposalDetail) => void;
}

/**
 * A draft proposal: client, a template to start from, title, introduction, items (scope, one-off or
 * recurring price, GST, optional, the service it becomes), terms, signers and expiry, with totals
 * per period worked out by the one GST rule. Save draft and Send.
 */
export function ProposalEditor({ proposal, clientId, renderClientPicker, templates, serviceTemplateOptions, portalUsers, gstRegistered, onCreated, onSent }: ProposalEditorProps) {
  const prefix = useId();
  const fieldId = (name: string) => `${prefix}-${name.replace(/\./g, '-')}`;
  const toast = useToast();
  const create = useCreateProposal();
  const update = useUpdateProposal();
  const action = useProposalAction();
  const [values, setValues] = useState<ProposalDraftValues>(() => (proposal ? draftFromProposal(proposal) : blankDraft(clientId)));
  const [template, setTemplate] = useState(BLANK);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'send' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const current = useRef<ProposalDetail | null>(proposal);

  // The page owns the client; another client's portal users cannot sign.
  const lastClient = useRef(clientId);
  useEffect(() => {
    if (lastClient.current === clientId) return;
    lastClient.current = clientId;
    setValues((v) => ({ ...v, clientId, portalUserIds: [] }));
  }, [clientId]);

  const preview = useMemo(() => previewTotals(values.items, gstRegistered), [values.items, gstRegistered]);
  const errors = useMemo<FieldErrors>(() => ({ ...apiFieldErrors(failure), ...clientErrors }), [failure, clientErrors]);
  const labels = useMemo(() => Object.fromEntries(Object.keys(errors).map((k) => [k, fieldLabel(k)])), [errors]);
  const errorFor = (name: string) => (errors[name] ? fieldSentence(fieldLabel(name), errors[name]) : undefined);
  const message = failure && !(isApiError(failure) && failure.errors.length > 0) ? errorMessage(failure) : null;
  const activeUsers = portalUsers.filter((u) => u.status !== 'disabled');
  // A prospect's signers are people by name and e-mail only (no portal users yet).
  const otherOffset = values.forProspect ? 0 : values.portalUserIds.length;

  const edit = (change: (v: ProposalDraftValues) => ProposalDraftValues, touched: string[] = []) => {
    setValues(change);
    if (touched.length > 0) {
      setClientErrors((e) => {
        const rest = { ...e };
        for (const t of touched) delete rest[t];
        return rest;
      });
    }
  };
  const changeItem = (index: number, change: Partial<Omit<DraftItem, 'key'>>) => {
    const fields = Object.keys(change).map((k) => ({ quantity: 'quantityMilli', unitPrice: 'unitPriceCents' })[k] ?? k);
    edit((v) => ({ ...v, items: v.items.map((l, i) => (i === index ? { ...l, ...change } : l)) }), fields.map((f) => `items.${index}.${f}`));
  };

  const chooseTemplate = (key: string) => {
    setTemplate(key);
    if (key === BLANK) {
      edit((v) => ({ ...blankDraft(v.clientId), portalUserIds: v.portalUserIds, others: v.others }));
      return;
    }
    const t = templates.find((x) => x.key === key);
    if (t) edit((v) => fromTemplate(v, t));
  };

  const checked = () => {
    setFailure(null);
    const { body, errors: found } = buildBody(values);
    setClientErrors(found);
    return Object.keys(found).length === 0 ? body : null;
  };

  const persist = async (body: NonNullable<ReturnType<typeof checked>>): Promise<ProposalDetail> => {
    const existing = current.current;
    const result = existing
      ? await update.mutateAsync({ id: existing.id, body: { version: existing.version, ...(body.prospect ? { prospect: body.prospect } : {}), title: body.title, intro: body.intro ?? '', terms: body.terms ?? '', items: body.items, signers: body.signers, expiresOn: body.expiresOn, invoiceOnAcceptance: body.invoiceOnAcceptance ?? false } })
      : await create.mutateAsync(body);
    current.current = result;
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

  const startSend = () => {
    if (!checked()) return;
    setSendError(null);
    setConfirming(true);
  };

  const confirmSend = async () => {
    const body = checked();
    if (!body) {
      setConfirming(false);
      return;
    }
    setBusy('send');
    try {
      const saved = await persist(body);
      const sent = await action.mutateAsync({ id: saved.id, action: 'send', version: saved.version });
      setConfirming(false);
      toast.show(`Proposal sent to ${sent.signers.map((s) => s.name).join(', ')}.`);
      onSent(sent);
    } catch (error) {
      if (isApiError(error) && error.errors.length > 0) {
        setConfirming(false);
        setFailure(error);
      } else setSendError(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const templateOptions: SelectOption[] = [{ id: BLANK, label: 'Blank proposal' }, ...templates.map((t) => ({ id: t.key, label: t.title }))];
  const serviceOptions: SelectOption[] = [{ id: NO_SERVICE, label: 'None (not set up as a service)' }, ...serviceTemplateOptions];
  const signerCount = otherOffset + values.others.length;
  const prospectFields = (
    <>
      <TextField id={fieldId('prospect.name')} label="Prospect’s name" description="The business or person; they become a client when they accept." value={values.prospect.name} onChange={(name) => edit((v) => ({ ...v, prospect: { ...v.prospect, name } }), ['prospect.name', 'prospect'])} error={errorFor('prospect.name')} isRequired maxLength={200} />
      <Select id={fieldId('prospect.type')} label="Type" options={typeOptions} value={values.prospect.type} onChange={(type) => edit((v) => ({ ...v, prospect: { ...v.prospect, type: type as ProposalDraftValues['prospect']['type'] } }), ['prospect.type'])} error={errorFor('prospect.type')} isRequired />
      <TextField id={fieldId('prospect.abn')} label="ABN" value={values.prospect.abn} onChange={(abn) => edit((v) => ({ ...v, prospect: { ...v.prospect, abn } }), ['prospect.abn'])} error={errorFor('prospect.abn')} optional />
    </>
  );

  return (
    <form className="stack-lg proposal-editor" noValidate onSubmit={(e) => void save(e)}>
      <FormErrorSummary errors={errors} labels={labels} fieldId={fieldId} message={message} />

      <Card title="Proposal">
        <div className="form-grid">
          {proposal ? null : (
            <RadioGroup
              label="For"
              orientation="horizontal"
              className="span-2"
              options={[{ id: 'client', label: 'An existing client' }, { id: 'prospect', label: 'A prospect' }]}
              value={values.forProspect ? 'prospect' : 'client'}
              onChange={(v) => edit((x) => ({ ...x, forProspect: v === 'prospect' }), ['clientId', 'prospect', 'signers'])}
            />
          )}
          {values.forProspect ? prospectFields : proposal ? null : renderClientPicker({ id: fieldId('clientId'), error: errorFor('clientId') })}
          {proposal ? null : (
            <Select
              label="Start from"
              options={templateOptions}
              value={template}
              onChange={chooseTemplate}
              description="A template fills in the introduction, items and engagement letter; change anything after."
            />
          )}
          <TextField
            id={fieldId('title')}
            label="Title"
            value={values.title}
            onChange={(title) => edit((v) => ({ ...v, title }), ['title'])}
            error={errorFor('title')}
            isRequired
            maxLength={200}
            className="span-2"
          />
          <TextField
            id={fieldId('intro')}
            label="Introduction"
            multiline
            rows={4}
            value={values.intro}
            onChange={(intro) => edit((v) => ({ ...v, intro }), ['intro'])}
            error={errorFor('intro')}
            optional
            className="span-2"
          />
          <DateField
            id={fieldId('expiresOn')}
            label="Open for signing until"
            value={values.expiresOn}
            onChange={(expiresOn) => edit((v) => ({ ...v, expiresOn }), ['expiresOn'])}
            error={errorFor('expiresOn')}
            isRequired
          />
          <Checkbox
            isSelected={values.invoiceOnAcceptance}
            onChange={(invoiceOnAcceptance) => edit((v) => ({ ...v, invoiceOnAcceptance }))}
            description="An invoice for the chosen one-off items is issued when everyone has signed."
          >
            Issue the first invoice on acceptance
          </Checkbox>
        </div>
      </Card>

      <Card title="Items">
        <div className="stack">
          {errors.items ? <p className="field-error">{errorFor('items')}</p> : null}
          <ol className="proposal-item-editors">
            {values.items.map((item, i) => {
              const name = (f: string) => `items.${i}.${f}`;
              const amount = preview.lineCents[i];
              return (
                <li key={item.key} className="proposal-item-editor" aria-label={`Item ${i + 1}`}>
                  <div className="proposal-item-grid">
                    <TextField id={fieldId(name('description'))} label="Description" value={item.description} onChange={(description) => changeItem(i, { description })} error={errorFor(name('description'))} isRequired maxLength={200} className="proposal-item-description" />
                    <Select id={fieldId(name('kind'))} label="Charged" options={kindOptions} value={item.kind} onChange={(kind) => changeItem(i, { kind })} />
                    <TextField id={fieldId(name('quantityMilli'))} label="Quantity" inputMode="decimal" value={item.quantity} onChange={(quantity) => changeItem(i, { quantity })} error={errorFor(name('quantityMilli'))} isRequired />
                    <TextField
                      id={fieldId(name('unitPriceCents'))}
                      label="Unit price excl. GST"
                      inputMode="decimal"
                      placeholder="$0.00"
                      value={item.unitPrice}
                      onChange={(unitPrice) => changeItem(i, { unitPrice })}
                      onBlur={() => changeItem(i, { unitPrice: tidyPrice(item.unitPrice) })}
                      error={errorFor(name('unitPriceCents'))}
                      isRequired
                    />
                    {gstRegistered ? <Select id={fieldId(name('gst'))} label="GST" options={gstOptions} value={item.gst} onChange={(gst) => changeItem(i, { gst })} /> : null}
                    <Select id={fieldId(name('serviceTemplateId'))} label="Becomes the service" options={serviceOptions} value={item.serviceTemplateId || NO_SERVICE} onChange={(v) => changeItem(i, { serviceTemplateId: v === NO_SERVICE ? '' : v })} error={errorFor(name('serviceTemplateId'))} className="proposal-item-service" />
                    <TextField id={fieldId(name('scope'))} label="Scope" multiline rows={2} value={item.scope} onChange={(scope) => changeItem(i, { scope })} error={errorFor(name('scope'))} optional className="proposal-item-scope-field" description="What is included, in words the client understands." />
                  </div>
                  <div className="proposal-item-footer">
                    <Checkbox isSelected={item.optional} onChange={(optional) => changeItem(i, { optional })}>
                      Optional (the client may tick it)
                    </Checkbox>
                    <p className="proposal-item-amount">
                      <span className="muted">Amount excl. GST </span>
                      <strong>{amount === null || amount === undefined ? '—' : formatMoney(amount)}</strong>
                    </p>
                    <Button size="sm" variant="ghost" aria-label={`Remove item ${i + 1}`} isDisabled={values.items.length === 1} onPress={() => edit((v) => ({ ...v, items: v.items.filter((_, n) => n !== i) }))}>
                      Remove
                    </Button>
                  </div>
                </li>
              );
            })}
          </ol>
          <div>
            <Button size="sm" onPress={() => edit((v) => ({ ...v, items: [...v.items, newItem()] }), ['items'])}>
              Add item
            </Button>
          </div>
          <table className="proposal-editor-totals">
            <caption>Totals (worked out again by Ledger Loom when you save)</caption>
            <thead>
              <tr>
                <th scope="col">Charged</th>
                <th scope="col" className="num">
                  Excl. GST
                </th>
                <th scope="col" className="num">
                  GST
                </th>
                <th scope="col" className="num">
                  {gstRegistered ? 'Total incl. GST' : 'Total'}
                </th>
                <th scope="col" className="num">
                  With all optional items
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.totals.map((t) => (
                <tr key={t.kind}>
                  <th scope="row">{periodLabels[t.kind]}</th>
                  <td className="num">{formatMoney(t.subtotalCents)}</td>
                  <td className="num">{formatMoney(t.gstCents)}</td>
                  <td className="num">
                    <strong>{formatMoney(t.totalCents)}</strong>
                  </td>
                  <td className="num">{formatMoney(t.withOptionalCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="Terms and engagement letter">
        <TextField
          id={fieldId('terms')}
          label="Terms"
          multiline
          rows={10}
          value={values.terms}
          onChange={(terms) => edit((v) => ({ ...v, terms }), ['terms'])}
          error={errorFor('terms')}
          optional
          description="Merge fields filled in when you send: {{client.name}}, {{firm.legalName}}, {{firm.abn}}, {{proposal.expiresOn}}."
        />
      </Card>

      <Card title="Signers">
        <div className="stack" id={fieldId('signers')}>
          <p className="muted">Everyone asked must sign. Each gets an e-mail with their own signing link when you send.</p>
          {errors.signers ? <p className="field-error">{errorFor('signers')}</p> : null}
          {values.forProspect ? (
            <p>A prospect has no portal users yet: add each signer by name and e-mail address. When they accept, each is invited to the client portal.</p>
          ) : values.clientId === '' ? (
            <p>Choose the client first to ask their portal users.</p>
          ) : activeUsers.length === 0 ? (
            <p>This client has no portal users yet; add someone by name and e-mail address.</p>
          ) : (
            <fieldset className="proposal-signer-users">
              <legend className="field-label">The client’s portal users</legend>
              {activeUsers.map((u) => (
                <Checkbox
                  key={u.id}
                  isSelected={values.portalUserIds.includes(u.id)}
                  onChange={(on) => edit((v) => ({ ...v, portalUserIds: on ? [...v.portalUserIds, u.id] : v.portalUserIds.filter((x) => x !== u.id) }), ['signers'])}
                  description={u.email}
                >
                  {u.name}
                </Checkbox>
              ))}
            </fieldset>
          )}
          {values.others.map((o, n) => {
            const idx = otherOffset + n;
            return (
              <div key={o.key} className="proposal-signer-other" role="group" aria-label={`Someone else ${n + 1}`}>
                <TextField id={fieldId(`signers.${idx}.name`)} label="Name" value={o.name} onChange={(nameValue) => edit((v) => ({ ...v, others: v.others.map((x, k) => (k === n ? { ...x, name: nameValue } : x)) }), [`signers.${idx}.name`])} error={errorFor(`signers.${idx}.name`)} isRequired />
                <TextField id={fieldId(`signers.${idx}.email`)} label="E-mail address" type="email" value={o.email} onChange={(email) => edit((v) => ({ ...v, others: v.others.map((x, k) => (k === n ? { ...x, email } : x)) }), [`signers.${idx}.email`])} error={errorFor(`signers.${idx}.email`)} isRequired />
                <div className="proposal-signer-remove">
                  <Button size="sm" variant="ghost" aria-label={`Remove someone else ${n + 1}`} onPress={() => edit((v) => ({ ...v, others: v.others.filter((_, k) => k !== n) }))}>
                    Remove
                  </Button>
                </div>
              </div>
            );
          })}
          <div>
            <Button size="sm" onPress={() => edit((v) => ({ ...v, others: [...v.others, newOther()] }), ['signers'])}>
              Add someone else
            </Button>
          </div>
        </div>
      </Card>

      <div className="form-actions">
        <Button type="submit" variant="secondary" isPending={busy === 'save'} isDisabled={busy !== null}>
          Save draft
        </Button>
        <Button variant="primary" onPress={startSend} isDisabled={busy !== null}>
          Send proposal
        </Button>
      </div>

      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={(open) => {
          if (open || busy !== null) return;
          setConfirming(false);
          if (!proposal && current.current) onCreated(current.current);
        }}
        title="Send this proposal?"
        confirmLabel="Send proposal"
        onConfirm={() => void confirmSend()}
        isPending={busy === 'send'}
        error={sendError}
      >
        <p>
          {signerCount === 1 ? 'The signer gets' : `All ${signerCount} signers get`} an e-mail with a link to review and sign. Once sent, the proposal cannot be changed; to change it, make a new version.
        </p>
      </ConfirmDialog>
    </form>
  );
}
