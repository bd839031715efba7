import type { Key, ReactNode } from 'react';
import {
  Select as AriaSelect,
  Button,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  SelectValue,
  Text,
} from 'react-aria-components';
import './fields.css';

export interface SelectOption<K extends string = string> {
  id: K;
  label: string;
  description?: string;
}

export interface SelectProps<K extends string> {
  label: string;
  options: ReadonlyArray<SelectOption<K>>;
  value: K | null;
  onChange: (value: K) => void;
  description?: ReactNode;
  error?: string | undefined;
  placeholder?: string;
  isDisabled?: boolean;
  isRequired?: boolean;
  name?: string;
  id?: string;
  className?: string;
  /** An accessible name when the visible label is hidden (e.g. inside a table). */
  hideLabel?: boolean;
}

/** A single-choice list (react-aria Select: a button that opens a listbox; type-ahead; arrows). */
export function Select<K extends string>({
  label,
  options,
  value,
  onChange,
  description,
  error,
  placeholder = 'Choose…',
  isDisabled,
  isRequired,
  name,
  id,
  className,
  hideLabel,
}: SelectProps<K>) {
  const byKey = new Map<Key, K>(options.map((o) => [o.id, o.id]));
  return (
    <AriaSelect
      className={['field', className ?? ''].filter(Boolean).join(' ')}
      value={value}
      onChange={(key) => {
        const k = key === null ? undefined : byKey.get(key);
        if (k !== undefined) onChange(k);
      }}
      isInvalid={Boolean(error)}
      isDisabled={isDisabled}
      isRequired={isRequired}
      validationBehavior="aria"
      name={name}
      id={id}
      placeholder={placeholder}
    >
      <Label className={hideLabel ? 'visually-hidden' : 'field-label'}>{label}</Label>
      <Button className="input select-trigger">
        <SelectValue className="select-value" />
        <span aria-hidden="true" className="select-chevron">
          ▾
        </span>
      </Button>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover select-popover">
        <ListBox className="listbox" items={options}>
          {(option) => (
            <ListBoxItem id={option.id} className="listbox-item" textValue={option.label}>
              <span>{option.label}</span>
              {option.description ? <span className="listbox-item-description">{option.description}</span> : null}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}
