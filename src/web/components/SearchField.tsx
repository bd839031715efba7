import { SearchField as AriaSearchField, Button, Input, Label } from 'react-aria-components';
import './fields.css';

export interface SearchFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  className?: string;
}

/** A search box (Escape clears it); role=searchbox with a visible label. */
export function SearchField({ label, value, onChange, placeholder, className }: SearchFieldProps) {
  return (
    <AriaSearchField
      value={value}
      onChange={onChange}
      className={['field', 'search-field', className ?? ''].filter(Boolean).join(' ')}
    >
      <Label className="field-label">{label}</Label>
      <div className="search-input-wrap">
        <span className="search-icon" aria-hidden="true">
          ⌕
        </span>
        <Input className="input search-input" placeholder={placeholder} />
        {value ? (
          <Button className="search-clear" aria-label="Clear search">
            ×
          </Button>
        ) : null}
      </div>
    </AriaSearchField>
  );
}
