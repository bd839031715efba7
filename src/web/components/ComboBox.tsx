import type { Key, ReactNode } from 'react';
import { Button, ComboBox as AriaComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import type { SelectOption } from './Select';
import './fields.css';

export interface ComboBoxProps {
  label: string;
  /** The suggestions for what has been typed (the caller searches). */
  options: ReadonlyArray<SelectOption>;
  inputValue: string;
  onInputChange: (value: string) => void;
  selectedKey: string | null;
  onSelectionChange: (key: string | null) => void;
  placeholder?: string;
  description?: ReactNode;
  error?: string | undefined;
  /** Said in the list when nothing matches. */
  emptyText?: string;
  className?: string;
}

/**
 * A text box with suggestions (role=combobox): type to search, arrows to move, Enter to choose. Both
 * the text and the selection are the caller's: on a selection, set the text to the chosen label in
 * the same update (react-aria expects a fully controlled combo box to change both together).
 */
export function ComboBox({ label, options, inputValue, onInputChange, selectedKey, onSelectionChange, placeholder, description, error, emptyText = 'No matches', className }: ComboBoxProps) {
  return (
    <AriaComboBox
      className={['field', className ?? ''].filter(Boolean).join(' ')}
      items={options}
      inputValue={inputValue}
      onInputChange={onInputChange}
      selectedKey={selectedKey}
      onSelectionChange={(key: Key | null) => onSelectionChange(key === null ? null : String(key))}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      allowsEmptyCollection
    >
      <Label className="field-label">{label}</Label>
      <div className="combobox-wrap">
        <Input className="input combobox-input" placeholder={placeholder} />
        <Button className="combobox-button">
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover select-popover">
        <ListBox className="listbox" renderEmptyState={() => <p className="listbox-empty">{emptyText}</p>}>
          {(option: SelectOption) => (
            <ListBoxItem id={option.id} className="listbox-item" textValue={option.label}>
              <span>{option.label}</span>
              {option.description ? <span className="listbox-item-description">{option.description}</span> : null}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}
