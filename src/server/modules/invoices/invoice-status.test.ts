import { describe, expect, it } from 'vitest';
import { displayStatus, invoiceNumber, invoiceTitle } from './invoice-status.js';

const issued = (over: Partial<{ totalCents: number; paidCents: number; dueDate: string | null }> = {}) => ({ status: 'issued' as const, totalCents: 11_000, paidCents: 0, dueDate: '2026-12-17', ...over });

describe('invoice status', () => {
  it('derives Unpaid, Overdue (the day after the due date, in the firm’s date), Paid and Partially paid', () => {
    expect(displayStatus(issued(), '2026-12-17')).toBe('unpaid');
    expect(displayStatus(issued(), '2026-12-18')).toBe('overdue');
    expect(displayStatus(issued({ paidCents: 11_000 }), '2027-01-30')).toBe('paid');
    expect(displayStatus(issued({ paidCents: 5_000 }), '2026-12-01')).toBe('partially_paid');
    expect(displayStatus(issued({ paidCents: 5_000 }), '2026-12-01', 'client')).toBe('unpaid');
    expect(displayStatus(issued({ paidCents: 5_000 }), '2026-12-20', 'client')).toBe('overdue');
    expect(displayStatus(issued({ dueDate: null }), '2030-01-01')).toBe('unpaid');
  });

  it('an invoice cleared by adjustment notes alone is Credited to staff and Paid to the client; a note itself is Issued', () => {
    const credited = { ...issued(), creditedCents: 11_000 };
    expect(displayStatus(credited, '2027-01-30')).toBe('credited');
    expect(displayStatus(credited, '2027-01-30', 'client')).toBe('paid');
    expect(displayStatus({ ...issued({ paidCents: 5_000 }), creditedCents: 6_000 }, '2027-01-30')).toBe('paid');
    expect(displayStatus({ ...issued(), kind: 'adjustment_note' as const }, '2027-01-30')).toBe('issued');
    expect(displayStatus({ ...issued(), status: 'draft' }, '2026-12-01')).toBe('draft');
    expect(displayStatus({ ...issued(), status: 'void' }, '2026-12-30')).toBe('void');
  });

  it('numbers and titles', () => {
    expect(invoiceNumber('invoice', 42)).toBe('INV-000042');
    expect(invoiceNumber('adjustment_note', 1_234_567)).toBe('ADJ-1234567');
    expect(invoiceTitle('invoice', true)).toBe('Tax invoice');
    expect(invoiceTitle('invoice', false)).toBe('Invoice');
    expect(invoiceTitle('adjustment_note', true)).toBe('Adjustment note');
  });
});
