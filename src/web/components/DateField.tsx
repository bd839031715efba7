import { type CalendarDate, parseDate } from '@internationalized/date';
import type { ReactNode } from 'react';
import { DateField as AriaDateField, DateInput, DateSegment, FieldError, Label, Text } from 'react-aria-components';
import './fields.css';

export interface DateFieldProps {
  label: ReactNode;
  /** A calendar date "2026-04-28", or '' for none. */
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  /** The error to show under the field (already a sentence); marks it invalid. */
  error?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  /** Shown after the label for optional fields. */
  optional?: boolean;
  /** On the field: an error summary moves focus to its first segment. */
  id?: string;
  name?: string;
  className?: string;
}

function toCalendarDate(value: string): CalendarDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  try {
    return parseDate(value);
  } catch {
    return null;
  }
}

/**
 * A date typed as day / month / year segments (react-aria DateField). The order and separators come
 * from the app's en-AU locale, so it reads dd/mm/yyyy whatever the browser's language; the value is
 * a yyyy-mm-dd calendar date with no time zone.
 */
export function DateField({ label, value, onChange, description, error, isRequired, isDisabled, optional, id, name, className }: DateFieldProps) {
  return (
    <AriaDateField
      id={id}
      name={name}
      value={toCalendarDate(value)}
      onChange={(date) => onChange(date ? date.toString() : '')}
      isInvalid={Boolean(error)}
      isRequired={isRequired}
      isDisabled={isDisabled}
      validationBehavior="aria"
      granularity="day"
      className={['field', className ?? ''].filter(Boolean).join(' ')}
    >
      <Label className="field-label">
        {label}
        {optional ? <span className="field-optional"> (optional)</span> : null}
      </Label>
      <DateInput className="input date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
    </AriaDateField>
  );
}
