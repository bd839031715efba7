import type { ReactNode } from 'react';
import {
  TextField as AriaTextField,
  FieldError,
  Input,
  Label,
  Text,
  TextArea,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';
import './fields.css';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'className' | 'children' | 'isInvalid'> {
  label: string;
  description?: ReactNode;
  /** The error to show under the field (already a sentence); marks the field invalid. */
  error?: string | undefined;
  placeholder?: string;
  /** Multi-line input. */
  multiline?: boolean;
  rows?: number;
  className?: string;
  /** Shown after the label for optional fields. */
  optional?: boolean;
  inputClassName?: string;
}

/**
 * A labelled text input. The description and the error are tied to the input with
 * aria-describedby, and `aria-invalid` is set, so screen readers announce both with the field.
 */
export function TextField({
  label,
  description,
  error,
  placeholder,
  multiline,
  rows = 3,
  className,
  optional,
  inputClassName,
  ...props
}: TextFieldProps) {
  return (
    <AriaTextField
      {...props}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      className={['field', className ?? ''].filter(Boolean).join(' ')}
    >
      <Label className="field-label">
        {label}
        {optional ? <span className="field-optional"> (optional)</span> : null}
      </Label>
      {multiline ? (
        <TextArea className={['input', 'textarea', inputClassName ?? ''].join(' ')} rows={rows} placeholder={placeholder} />
      ) : (
        <Input className={['input', inputClassName ?? ''].join(' ')} placeholder={placeholder} />
      )}
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
    </AriaTextField>
  );
}
