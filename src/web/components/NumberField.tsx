import type { ReactNode } from 'react';
import { FieldError, Input, Label, NumberField as AriaNumberField, Text } from 'react-aria-components';
import './fields.css';

export interface NumberFieldProps {
  label: string;
  /** NaN when empty. */
  value: number;
  onChange: (value: number) => void;
  minValue?: number;
  maxValue?: number;
  description?: ReactNode;
  error?: string | undefined;
  isReadOnly?: boolean;
  isDisabled?: boolean;
  isRequired?: boolean;
  /** On the field: an error summary moves focus to its input. */
  id?: string;
  name?: string;
  className?: string;
}

/**
 * A whole number (react-aria NumberField: a spinbutton; arrow keys step; typed values outside
 * min–max are brought back inside when the field loses focus).
 */
export function NumberField({ label, value, onChange, minValue, maxValue, description, error, isReadOnly, isDisabled, isRequired, id, name, className }: NumberFieldProps) {
  return (
    <AriaNumberField
      id={id}
      name={name}
      value={value}
      onChange={onChange}
      minValue={minValue}
      maxValue={maxValue}
      step={1}
      formatOptions={{ maximumFractionDigits: 0, useGrouping: false }}
      isInvalid={Boolean(error)}
      isReadOnly={isReadOnly}
      isDisabled={isDisabled}
      isRequired={isRequired}
      validationBehavior="aria"
      className={['field', className ?? ''].filter(Boolean).join(' ')}
    >
      <Label className="field-label">{label}</Label>
      <Input className="input number-input" />
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
    </AriaNumberField>
  );
}
