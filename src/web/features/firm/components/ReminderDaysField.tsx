import { Button } from '../../../components/Button';
import { NumberField } from '../../../components/NumberField';
import { Select, type SelectOption } from '../../../components/Select';
import { describeReminders, MAX_DAYS_AFTER, MAX_DAYS_BEFORE, MAX_REMINDERS, newReminderRow, type ReminderRow, reminderDaysFromRows, type ReminderWhen } from './reminder-days';

// Short words, so a reminder fits on one line of a phone: "[7] [after]"; the sentence below says it in full.
const whenOptions: SelectOption<ReminderWhen>[] = [
  { id: 'before', label: 'before' },
  { id: 'on', label: 'on the day' },
  { id: 'after', label: 'after' },
];

export interface ReminderDaysFieldProps {
  rows: ReadonlyArray<ReminderRow>;
  /** `touched`: the reminders whose messages no longer apply ('all' when the list itself changed). */
  onChange: (rows: ReminderRow[], touched: number[] | 'all') => void;
  /** The id of reminder `index`'s days box (the list's own id for index null), for the error summary. */
  fieldId: (index: number | null) => string;
  /** The message for reminder `index` (the whole list for null). */
  errorFor: (index: number | null) => string | undefined;
  isReadOnly?: boolean;
}

/**
 * The firm's reminder e-mails for unpaid invoices: up to six, each a number of days before or after
 * the due date (or on it), with the schedule said in a sentence underneath.
 */
export function ReminderDaysField({ rows, onChange, fieldId, errorFor, isReadOnly }: ReminderDaysFieldProps) {
  const sentence = describeReminders(reminderDaysFromRows(rows));
  if (isReadOnly) {
    return (
      <div className="field">
        <span className="field-label">Reminder e-mails</span>
        <p>{sentence}</p>
      </div>
    );
  }
  const change = (index: number, next: Partial<Omit<ReminderRow, 'key'>>) =>
    onChange(
      rows.map((r, i) => (i === index ? { ...r, ...next } : r)),
      [index],
    );
  const listError = errorFor(null);
  return (
    <fieldset className="reminder-field" id={fieldId(null)}>
      <legend className="field-label">Reminder e-mails</legend>
      <p className="field-description">
        While an invoice is unpaid, the client’s portal users are e-mailed this many days before or after its due date (up to {MAX_REMINDERS} reminders). Each is sent
        once, and none once the invoice is paid.
      </p>
      {rows.length > 0 ? (
        <ol className="reminder-list">
          {rows.map((row, i) => {
            const error = errorFor(i);
            return (
              <li key={row.key}>
                <div className="reminder-row" role="group" aria-label={`Reminder ${i + 1}`}>
                  <NumberField
                    id={fieldId(i)}
                    label="Days"
                    value={row.when === 'on' || row.days.trim() === '' ? Number.NaN : Number(row.days)}
                    onChange={(n) => change(i, { days: Number.isNaN(n) ? '' : String(n) })}
                    minValue={1}
                    maxValue={row.when === 'before' ? MAX_DAYS_BEFORE : MAX_DAYS_AFTER}
                    isDisabled={row.when === 'on'}
                    isRequired={row.when !== 'on'}
                    error={error}
                    className="reminder-days"
                  />
                  <Select
                    label="When"
                    options={whenOptions}
                    value={row.when}
                    onChange={(when) => change(i, when === 'on' ? { when, days: '' } : { when, days: row.days === '' ? '1' : row.days })}
                    className="reminder-when"
                  />
                  <div className="reminder-remove">
                    <Button size="sm" variant="ghost" aria-label={`Remove reminder ${i + 1}`} onPress={() => onChange(rows.filter((_, j) => j !== i), 'all')}>
                      Remove
                    </Button>
                  </div>
                </div>
                {/* The days box is too narrow for a sentence: it is shown across the row (the box's own message is read with it). */}
                {error ? (
                  <p className="field-error reminder-error" aria-hidden="true">
                    {error}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {listError ? <p className="field-error">{listError}</p> : null}
      <div className="reminder-footer">
        <Button size="sm" isDisabled={rows.length >= MAX_REMINDERS} onPress={() => onChange([...rows, newReminderRow()], 'all')}>
          Add reminder
        </Button>
        <p className="reminder-summary">{sentence}</p>
      </div>
    </fieldset>
  );
}
