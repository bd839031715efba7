import type { ReactNode } from 'react';
import { FieldError, Label, Radio, RadioGroup as AriaRadioGroup, Text } from 'react-aria-components';
import './choices.css';
import './fields.css';

export interface RadioOption {
  id: string;
  label: string;
}

export interface RadioGroupProps {
  label: ReactNode;
  options: ReadonlyArray<RadioOption>;
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  /** The error to show under the group (already a sentence); marks it invalid. */
  error?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  orientation?: 'horizontal' | 'vertical';
  /** On the group: an error summary moves focus to its first option. */
  id?: string;
  className?: string;
}

/** One choice among a few, all visible (role=radiogroup; arrow keys move between options). */
export function RadioGroup({ label, options, value, onChange, description, error, isRequired, isDisabled, orientation = 'vertical', id, className }: RadioGroupProps) {
  return (
    <AriaRadioGroup
      id={id}
      value={value === '' ? null : value}
      onChange={onChange}
      isInvalid={Boolean(error)}
      isRequired={isRequired}
      isDisabled={isDisabled}
      validationBehavior="aria"
      orientation={orientation}
      className={['field', 'radio-group', className ?? ''].filter(Boolean).join(' ')}
    >
      <Label className="field-label">{label}</Label>
      <div className={`radio-options radio-options-${orientation}`}>
        {options.map((option) => (
          <Radio key={option.id} value={option.id} className="radio">
            <span className="radio-circle" aria-hidden="true" />
            <span className="radio-label">{option.label}</span>
          </Radio>
        ))}
      </div>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
    </AriaRadioGroup>
  );
}
