import { describe, expect, it } from 'vitest';
import { buildAdjustmentBody, buildDraftBody, draftFieldLabel, type DraftValues, newLine, previewTotals } from './invoice-draft';

const CLIENT = '0f8fad5b-d9cb-469f-a165-70867728950e';
const draft = (lines: DraftValues['lines'], over: Partial<DraftValues> = {}): DraftValues => ({ clientId: CLIENT, priceMode: 'exclusive', dueDate: '', notes: '', lines, ...over });

describe('the draft editor', () => {
  it('previews GST by the one rule: three lines of $1.15 come to GST $0.35 and $3.80', () => {
    const t = previewTotals(draft([1, 2, 3].map(() => newLine({ description: 'x', unitPrice: '$1.15' }))), true);
    expect(t).toMatchObject({ subtotalCents: 345, gstCents: 35, totalCents: 380 });
  });

  it('counts a line it cannot read yet as $0.00, and charges no GST for a firm not registered', () => {
    const lines = [newLine({ description: 'a', unitPrice: '10' }), newLine({ description: 'b', unitPrice: 'ten' })];
    expect(previewTotals(draft(lines), true)).toMatchObject({ totalCents: 1100, readable: [true, false] });
    expect(previewTotals(draft(lines), false)).toMatchObject({ gstCents: 0, totalCents: 1000 });
  });

  it('sends quantities in thousandths and prices in cents', () => {
    const { body, errors } = buildDraftBody(draft([newLine({ description: 'Advice', quantity: '1.5', unitPrice: '$1,234.50', gst: 'gst_free' })], { dueDate: '2026-05-01' }));
    expect(errors).toEqual({});
    expect(body).toEqual({ clientId: CLIENT, priceMode: 'exclusive', dueDate: '2026-05-01', notes: '', lines: [{ description: 'Advice', serviceId: null, quantityMilli: 1500, unitPriceCents: 123_450, gst: 'gst_free' }] });
  });

  it('gives a reason for each bad field, in the order they appear', () => {
    const { errors } = buildDraftBody(
      draft([newLine({ description: 'ok', unitPrice: '1' }), newLine({ description: ' ', quantity: '0', unitPrice: '-5' }), newLine({ description: 'x', quantity: '1.2345', unitPrice: '1.234' })], { clientId: '' }),
    );
    expect(errors).toEqual({
      clientId: 'is required: choose who the invoice is for',
      'lines.1.description': 'is required',
      'lines.1.quantityMilli': 'must be more than 0',
      'lines.1.unitPriceCents': 'must be $0 or more',
      'lines.2.quantityMilli': 'must be a number with up to 3 decimal places, e.g. 1.5',
      'lines.2.unitPriceCents': 'must be an amount in dollars and cents, e.g. $1,234.50',
    });
    expect(Object.keys(errors)[0]).toBe('clientId');
    expect(draftFieldLabel('lines.1.unitPriceCents')).toBe('Line 2 unit price');
  });

  it('reads an adjustment note like a draft: a reason is required, amounts in cents, problems before the lines', () => {
    const ok = buildAdjustmentBody({ reason: 'Discount agreed', lines: [newLine({ description: 'Discount', quantity: '1', unitPrice: '$100.00' })] });
    expect(ok).toEqual({ body: { reason: 'Discount agreed', lines: [{ description: 'Discount', serviceId: null, quantityMilli: 1000, unitPriceCents: 10_000, gst: 'taxable' }] }, errors: {} });
    const bad = buildAdjustmentBody({ reason: ' ', lines: [newLine({ description: 'Discount', unitPrice: 'ten' })] });
    expect(bad.errors).toEqual({ reason: 'is required', 'lines.0.unitPriceCents': 'must be an amount in dollars and cents, e.g. $1,234.50' });
    expect(draftFieldLabel('reason')).toBe('Reason');
    expect(buildAdjustmentBody({ reason: 'x'.repeat(501), lines: [newLine({ description: 'a', unitPrice: '1' })] }).errors).toEqual({ reason: 'must be at most 500 characters' });
  });
});
