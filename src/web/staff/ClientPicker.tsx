import { useEffect, useState } from 'react';
import { ComboBox } from '../components/ComboBox';
import type { SelectOption } from '../components/Select';
import { useClient } from '../features/clients/api/use-client';
import { useClients } from '../features/clients/api/use-clients';
import { useDebouncedValue } from '../lib/use-debounced-value';

const ALL = 'all';

export interface ClientPickerProps {
  label: string;
  /** The chosen client's id, or '' for none. */
  clientId: string;
  onChange: (clientId: string) => void;
  /** Offered first (e.g. "All clients" in a filter); choosing it means none. */
  noneLabel?: string;
  placeholder?: string;
  error?: string | undefined;
  description?: string;
  /** On a wrapper, so an error summary can move focus to the text box. */
  id?: string;
}

/** Type to search the firm's clients and choose one (the box shows the chosen client's name). */
export function ClientPicker({ label, clientId, onChange, noneLabel, placeholder, error, description, id }: ClientPickerProps) {
  const chosen = useClient(clientId, { enabled: clientId !== '' });
  const chosenName = clientId && chosen.data ? chosen.data.name : '';
  const [text, setText] = useState(chosenName);
  const [selected, setSelected] = useState<string | null>(clientId || null);
  // The caller decides (the address, a reset); the box shows the chosen client's name.
  useEffect(() => setSelected(clientId || null), [clientId]);
  useEffect(() => setText(chosenName), [chosenName]);
  const search = useDebouncedValue(text.trim() === chosenName ? '' : text.trim(), 250);
  const clients = useClients({ q: search, page: 1, pageSize: 20 });
  const options: SelectOption[] = [...(noneLabel ? [{ id: ALL, label: noneLabel }] : []), ...(clients.data?.items ?? []).map((c) => ({ id: c.id, label: c.name }))];
  if (clientId && chosenName && !options.some((o) => o.id === clientId)) options.push({ id: clientId, label: chosenName });
  return (
    <div id={id} className="client-picker">
      <ComboBox
        label={label}
        options={options}
        inputValue={text}
        onInputChange={setText}
        selectedKey={selected}
        onSelectionChange={(key) => {
          if (key === null || key === ALL) {
            setSelected(null);
            setText('');
            onChange('');
          } else {
            setSelected(key);
            setText(options.find((o) => o.id === key)?.label ?? '');
            onChange(key);
          }
        }}
        placeholder={placeholder ?? noneLabel}
        description={description}
        error={error}
        emptyText="No clients match"
      />
    </div>
  );
}
