import { type FormEvent, type ReactNode, useId } from 'react';
import { z } from 'zod';
import { australianTimeZones, type FirmSettings, updateFirmBodySchema } from '../../../../contracts/firms';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import { Card } from '../../../components/PageHeader';
import { NumberField } from '../../../components/NumberField';
import { Select } from '../../../components/Select';
import { Switch } from '../../../components/Switch';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toast';
import { brandContrastWarning, HEX_COLOUR } from '../../../lib/colour';
import { formatAbn, formatPhone } from '../../../lib/format';
import { useForm } from '../../../lib/use-form';
import { useUpdateFirm } from '../api/use-update-firm';
import { LogoField } from './LogoField';
import { MAX_DAYS_AFTER, MAX_DAYS_BEFORE, MAX_REMINDERS, type ReminderRow, reminderDaysFromRows, reminderRowsFromDays } from './reminder-days';
import { ReminderDaysField } from './ReminderDaysField';
import { timeZoneOptions } from './time-zones';

type TimeZone = (typeof australianTimeZones)[number];

const REMINDER = 'invoiceReminderDays';
/** "invoiceReminderDays.2": the third reminder's days (one more than the most, for a list the server was sent by someone else). */
const reminderKeys = Array.from({ length: MAX_REMINDERS + 1 }, (_, i) => `${REMINDER}.${i}`);

const LABELS: Record<string, string> = {
  legalName: 'Legal name',
  tradingName: 'Trading name',
  abn: 'ABN',
  timeZone: 'Time zone',
  displayName: 'Portal display name',
  primaryColour: 'Primary colour',
  supportEmail: 'Support email',
  supportPhone: 'Support phone',
  allowZip: 'Allow ZIP files',
  maxUploadMb: 'Upload limit (MB)',
  gstRegistered: 'Registered for GST',
  invoiceTermsDays: 'Payment terms (days)',
  invoiceReminderDays: 'Reminder e-mails',
  proposalSigningOtp: 'One-time code before signing',
  requireStaffTwoFactor: 'Require two-factor sign-in for staff',
  requirePortalTwoFactor: 'Require two-factor sign-in for clients',
  ...Object.fromEntries(reminderKeys.map((key, i) => [key, `Reminder ${i + 1}`])),
};

export type FirmDraft = ReturnType<typeof initialValues>;

function initialValues(s: FirmSettings) {
  return {
    legalName: s.legalName,
    tradingName: s.tradingName ?? '',
    abn: formatAbn(s.abn),
    timeZone: s.timeZone,
    displayName: s.displayName,
    primaryColour: s.primaryColour.toUpperCase(),
    supportEmail: s.supportEmail ?? '',
    supportPhone: formatPhone(s.supportPhone),
    // Strings like every other field here, so one reset restores the whole form.
    allowZip: s.allowZip ? 'true' : 'false',
    maxUploadMb: String(s.maxUploadMb),
    gstRegistered: s.gstRegistered ? 'true' : 'false',
    invoiceTermsDays: String(s.invoiceTermsDays),
    // The rows as JSON, a string like the rest.
    invoiceReminderDays: JSON.stringify(reminderRowsFromDays(s.invoiceReminderDays)),
    proposalSigningOtp: s.proposalSigningOtp ? 'true' : 'false',
    requireStaffTwoFactor: s.requireStaffTwoFactor ? 'true' : 'false',
    requirePortalTwoFactor: s.requirePortalTwoFactor ? 'true' : 'false',
  };
}

function reminderRows(json: string): ReminderRow[] {
  return JSON.parse(json) as ReminderRow[];
}

/** The contract's rules, with the limit capped by this server's ceiling and said in words. */
function firmBodySchema(ceiling: number) {
  return updateFirmBodySchema.extend({
    maxUploadMb: z
      .number({ message: 'must be a whole number of MB' })
      .int('must be a whole number of MB')
      .min(1, 'must be at least 1 MB')
      .max(ceiling, `can be at most ${ceiling} MB on this server`),
    invoiceTermsDays: z
      .number({ message: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(0, 'must be 0 days or more')
      .max(365, 'must be at most 365 days'),
    invoiceReminderDays: z
      .array(
        z
          .number({ message: 'must be a whole number of days' })
          .int('must be a whole number of days')
          .min(-MAX_DAYS_BEFORE, `must be at most ${MAX_DAYS_BEFORE} days before the due date`)
          .max(MAX_DAYS_AFTER, `must be at most ${MAX_DAYS_AFTER} days after the due date`),
      )
      .max(MAX_REMINDERS, `can be at most ${MAX_REMINDERS} reminders`),
  });
}

export interface FirmSettingsFormProps {
  settings: FirmSettings;
  canEdit: boolean;
  /** Renders beside the form from the current, unsaved values (the portal preview). */
  renderPreview: (draft: FirmDraft) => ReactNode;
}

export function FirmSettingsForm({ settings, canEdit, renderPreview }: FirmSettingsFormProps) {
  const update = useUpdateFirm();
  const toast = useToast();
  const form = useForm(initialValues(settings), LABELS, update.error);
  const { values } = form;
  const colourId = useId();
  const colourValid = HEX_COLOUR.test(values.primaryColour);
  const savedColour = settings.primaryColour.toUpperCase();
  const draftColour = values.primaryColour.toUpperCase();
  const contrastWarning = draftColour === savedColour ? settings.contrastWarning : brandContrastWarning(draftColour);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      ...values,
      timeZone: values.timeZone as TimeZone,
      primaryColour: values.primaryColour.toUpperCase(),
      allowZip: values.allowZip === 'true',
      maxUploadMb: values.maxUploadMb.trim() === '' ? Number.NaN : Number(values.maxUploadMb),
      gstRegistered: values.gstRegistered === 'true',
      invoiceTermsDays: values.invoiceTermsDays.trim() === '' ? Number.NaN : Number(values.invoiceTermsDays),
      invoiceReminderDays: reminderDaysFromRows(reminderRows(values.invoiceReminderDays)),
      proposalSigningOtp: values.proposalSigningOtp === 'true',
      requireStaffTwoFactor: values.requireStaffTwoFactor === 'true',
      requirePortalTwoFactor: values.requirePortalTwoFactor === 'true',
    };
    if (!form.validate(firmBodySchema(settings.maxUploadMbCeiling), body)) return;
    update.mutate(body, {
      onSuccess: (saved) => {
        form.reset(initialValues(saved));
        toast.show('Firm settings saved.');
      },
    });
  };

  return (
    <div className="settings-layout">
      <form className="form settings-form" noValidate onSubmit={submit}>
        <FormErrorSummary {...form.summaryProps} />
        {!canEdit ? <Alert tone="info">Only owners and admins can change the firm's settings.</Alert> : null}

        <Card title="Firm details">
          <div className="form-grid">
            <TextField {...form.field('legalName')} label="Legal name" isRequired isReadOnly={!canEdit} className="span-2" />
            <TextField {...form.field('tradingName')} label="Trading name" optional isReadOnly={!canEdit} />
            <TextField {...form.field('abn')} label="ABN" optional inputMode="numeric" isReadOnly={!canEdit} description="11 digits, e.g. 51 824 753 556" />
            <Select
              id={form.fieldId('timeZone')}
              label="Time zone"
              options={timeZoneOptions}
              value={values.timeZone as TimeZone}
              onChange={(v) => form.setValue('timeZone', v)}
              error={form.errorFor('timeZone')}
              isDisabled={!canEdit}
              description="Dates and times are shown in this zone."
              className="span-2"
            />
          </div>
        </Card>

        <Card title="Client portal">
          <div className="stack">
            <p className="muted">
              Your clients' portal: <a href={settings.portalUrl} target="_blank" rel="noreferrer">{settings.portalUrl}</a>
            </p>
            <div className="form-grid">
              <TextField {...form.field('displayName')} label="Portal display name" isRequired isReadOnly={!canEdit} description="The name clients see in the portal and in emails." className="span-2" />
              <div className="field span-2">
                <div className="colour-field">
                  <input
                    type="color"
                    className="colour-swatch-input"
                    aria-label="Pick the brand colour"
                    value={colourValid ? values.primaryColour.toLowerCase() : savedColour.toLowerCase()}
                    disabled={!canEdit}
                    onChange={(event) => form.setValue('primaryColour', event.target.value.toUpperCase())}
                    aria-describedby={colourId}
                  />
                  <TextField
                    {...form.field('primaryColour')}
                    label="Primary colour"
                    isRequired
                    isReadOnly={!canEdit}
                    description="A hex colour like #0F766E, used for buttons and highlights."
                    className="colour-text"
                  />
                </div>
                <span id={colourId} className="visually-hidden">
                  Sets the primary colour field.
                </span>
              </div>
            </div>
            {contrastWarning ? (
              <Alert tone="warning" title="Colour contrast">
                {contrastWarning}
              </Alert>
            ) : null}
            <LogoField settings={settings} canEdit={canEdit} />
          </div>
        </Card>

        <Card title="Uploads">
          <div className="form-grid">
            <NumberField
              id={form.fieldId('maxUploadMb')}
              label="Upload limit (MB)"
              value={values.maxUploadMb.trim() === '' ? Number.NaN : Number(values.maxUploadMb)}
              onChange={(n) => form.setValue('maxUploadMb', Number.isNaN(n) ? '' : String(n))}
              minValue={1}
              maxValue={settings.maxUploadMbCeiling}
              isRequired
              isReadOnly={!canEdit}
              error={form.errorFor('maxUploadMb')}
              description={`The largest file your team or your clients can upload, from 1 to ${settings.maxUploadMbCeiling} MB.`}
            />
            <div className="field upload-zip-field">
              <Switch
                id={form.fieldId('allowZip')}
                isSelected={values.allowZip === 'true'}
                onChange={(on) => form.setValue('allowZip', on ? 'true' : 'false')}
                isReadOnly={!canEdit}
                description="ZIP archives are checked for size, number of files and encryption. Leave this off to ask for the files themselves."
              >
                Allow ZIP files
              </Switch>
              {form.errorFor('allowZip') ? <span className="field-error">{form.errorFor('allowZip')}</span> : null}
            </div>
          </div>
        </Card>

        <Card title="Invoices">
          <div className="stack">
            <div className="form-grid">
              <div className="field">
                <Switch
                  id={form.fieldId('gstRegistered')}
                  isSelected={values.gstRegistered === 'true'}
                  onChange={(on) => form.setValue('gstRegistered', on ? 'true' : 'false')}
                  isReadOnly={!canEdit}
                  description="On: invoices are tax invoices, show your ABN and charge GST on taxable lines. Off: invoices charge no GST. Issued invoices keep what they said."
                >
                  Registered for GST
                </Switch>
                {form.errorFor('gstRegistered') ? <span className="field-error">{form.errorFor('gstRegistered')}</span> : null}
              </div>
              <NumberField
                id={form.fieldId('invoiceTermsDays')}
                label="Payment terms (days)"
                value={values.invoiceTermsDays.trim() === '' ? Number.NaN : Number(values.invoiceTermsDays)}
                onChange={(n) => form.setValue('invoiceTermsDays', Number.isNaN(n) ? '' : String(n))}
                minValue={0}
                maxValue={365}
                isRequired
                isReadOnly={!canEdit}
                error={form.errorFor('invoiceTermsDays')}
                description="An invoice without its own due date is due this many days after it is issued (0 means on receipt)."
              />
            </div>
            <ReminderDaysField
              rows={reminderRows(values.invoiceReminderDays)}
              onChange={(rows, touched) =>
                form.setValue(REMINDER, JSON.stringify(rows), touched === 'all' ? reminderKeys : touched.map((i) => `${REMINDER}.${i}`))
              }
              fieldId={(i) => form.fieldId(i === null ? REMINDER : `${REMINDER}.${i}`)}
              errorFor={(i) => form.errorFor(i === null ? REMINDER : `${REMINDER}.${i}`)}
              isReadOnly={!canEdit}
            />
            {values.gstRegistered === 'true' && values.abn.trim() === '' ? (
              <Alert tone="warning">Add your ABN above: a tax invoice cannot be issued without it.</Alert>
            ) : null}
          </div>
        </Card>

        <Card title="Proposals">
          <div className="field">
            <Switch
              id={form.fieldId('proposalSigningOtp')}
              isSelected={values.proposalSigningOtp === 'true'}
              onChange={(on) => form.setValue('proposalSigningOtp', on ? 'true' : 'false')}
              isReadOnly={!canEdit}
              description="Before accepting or declining from the e-mailed link, the signer enters a 6-digit code e-mailed to them, and the evidence records it. Signing in the client portal never asks for one."
            >
              Ask signers for a code sent by e-mail before they sign from a link
            </Switch>
            {form.errorFor('proposalSigningOtp') ? <span className="field-error">{form.errorFor('proposalSigningOtp')}</span> : null}
          </div>
        </Card>

        <Card title="Sign-in security">
          <div className="stack">
            <div className="field">
              <Switch
                id={form.fieldId('requireStaffTwoFactor')}
                isSelected={values.requireStaffTwoFactor === 'true'}
                onChange={(on) => form.setValue('requireStaffTwoFactor', on ? 'true' : 'false')}
                isReadOnly={!canEdit}
                description="Staff without two-factor sign-in are asked to set it up right after signing in, and can do nothing else until they have."
              >
                Require two-factor sign-in for staff
              </Switch>
            </div>
            <div className="field">
              <Switch
                id={form.fieldId('requirePortalTwoFactor')}
                isSelected={values.requirePortalTwoFactor === 'true'}
                onChange={(on) => form.setValue('requirePortalTwoFactor', on ? 'true' : 'false')}
                isReadOnly={!canEdit}
                description="Clients without two-factor sign-in are asked to set it up in the portal right after signing in."
              >
                Require two-factor sign-in for clients in the portal
              </Switch>
            </div>
          </div>
        </Card>

        <Card title="Support contacts">
          <div className="form-grid">
            <TextField {...form.field('supportEmail')} label="Support email" type="email" optional isReadOnly={!canEdit} description="Shown to clients in the portal footer." />
            <TextField {...form.field('supportPhone')} label="Support phone" type="tel" optional isReadOnly={!canEdit} description="e.g. (02) 9876 5432" />
          </div>
        </Card>

        {canEdit ? (
          <div className="form-actions settings-actions">
            <Button type="submit" variant="primary" isPending={update.isPending}>
              Save settings
            </Button>
            <Button variant="secondary" isDisabled={update.isPending} onPress={() => form.reset(initialValues(settings))}>
              Discard changes
            </Button>
          </div>
        ) : null}
      </form>
      <aside className="settings-preview" aria-label="Portal preview">
        {renderPreview(values)}
      </aside>
    </div>
  );
}
