import { formatAud } from '../../../../contracts/gst';
import { Button } from '../../../components/Button';
import { Select, type SelectOption } from '../../../components/Select';
import { TextField } from '../../../components/TextField';
import { type DraftLine, tidyPrice } from './invoice-draft';
import { gstOptions } from './invoice-labels';

const NO_SERVICE = 'none';

export interface InvoiceLinesEditorProps {
  lines: ReadonlyArray<DraftLine>;
  onChange: (index: number, change: Partial<Omit<DraftLine, 'key'>>) => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
  /** The chosen client's services, to link a line to. */
  serviceOptions: ReadonlyArray<SelectOption>;
  /** Each line's amount from the preview, or null while its numbers cannot be read. */
  amounts: ReadonlyArray<number | null>;
  /** Without GST registration the GST column only says so. */
  gstRegistered: boolean;
  fieldId: (name: string) => string;
  errorFor: (name: string) => string | undefined;
}

/** The lines of a draft: one group per line (a row on wide screens, a card on a phone). */
export function InvoiceLinesEditor({ lines, onChange, onRemove, onAdd, serviceOptions, amounts, gstRegistered, fieldId, errorFor }: InvoiceLinesEditorProps) {
  const services: SelectOption[] = [{ id: NO_SERVICE, label: 'No service' }, ...serviceOptions];
  return (
    <div className="invoice-lines">
      <div className="invoice-lines-list">
        {lines.map((line, i) => {
          const name = (field: string) => `lines.${i}.${field}`;
          const amount = amounts[i];
          return (
            <div key={line.key} className="invoice-line" role="group" aria-label={`Line ${i + 1}`}>
              <TextField
                id={fieldId(name('description'))}
                label="Description"
                value={line.description}
                onChange={(description) => onChange(i, { description })}
                error={errorFor(name('description'))}
                isRequired
                className="invoice-line-description"
              />
              <Select
                id={fieldId(name('serviceId'))}
                label="Service"
                options={services}
                value={line.serviceId || NO_SERVICE}
                onChange={(v) => onChange(i, { serviceId: v === NO_SERVICE ? '' : v })}
                error={errorFor(name('serviceId'))}
                className="invoice-line-service"
              />
              <TextField
                id={fieldId(name('quantityMilli'))}
                label="Quantity"
                inputMode="decimal"
                value={line.quantity}
                onChange={(quantity) => onChange(i, { quantity })}
                error={errorFor(name('quantityMilli'))}
                isRequired
                className="invoice-line-quantity"
              />
              <TextField
                id={fieldId(name('unitPriceCents'))}
                label="Unit price"
                inputMode="decimal"
                placeholder="$0.00"
                value={line.unitPrice}
                onChange={(unitPrice) => onChange(i, { unitPrice })}
                onBlur={() => onChange(i, { unitPrice: tidyPrice(line.unitPrice) })}
                error={errorFor(name('unitPriceCents'))}
                isRequired
                className="invoice-line-price"
              />
              {gstRegistered ? (
                <Select
                  id={fieldId(name('gst'))}
                  label="GST"
                  options={gstOptions}
                  value={line.gst}
                  onChange={(gst) => onChange(i, { gst })}
                  error={errorFor(name('gst'))}
                  className="invoice-line-gst"
                />
              ) : null}
              <p className="invoice-line-amount">
                <span className="invoice-line-amount-label">Amount</span>
                <span className="invoice-line-amount-value">{amount === null || amount === undefined ? '—' : formatAud(amount)}</span>
              </p>
              <div className="invoice-line-remove">
                <Button size="sm" variant="ghost" aria-label={`Remove line ${i + 1}`} isDisabled={lines.length === 1} onPress={() => onRemove(i)}>
                  Remove
                </Button>
              </div>
            </div>
          );
        })}
      </div>
      <div>
        <Button size="sm" onPress={onAdd}>
          Add line
        </Button>
      </div>
    </div>
  );
}
