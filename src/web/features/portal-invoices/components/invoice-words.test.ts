import { describe, expect, it } from 'vitest';
import { formatQuantity, isPayable, readPaymentReturn, statusLabel, withoutPaymentReturn } from './invoice-words';

describe('portal invoice words', () => {
  it('shows quantities in thousandths as people write them', () => {
    expect(formatQuantity(1000)).toBe('1');
    expect(formatQuantity(1500)).toBe('1.5');
    expect(formatQuantity(1250)).toBe('1.25');
    expect(formatQuantity(1)).toBe('0.001');
    expect(formatQuantity(12_000)).toBe('12');
    expect(formatQuantity(1_234_567)).toBe('1,234.567');
  });

  it('uses the guide’s status words for clients', () => {
    expect(statusLabel('unpaid')).toBe('Unpaid');
    expect(statusLabel('paid')).toBe('Paid');
    expect(statusLabel('overdue')).toBe('Overdue');
    expect(statusLabel('partially_paid')).toBe('Unpaid');
  });

  it('offers Pay Now only on an invoice with a balance that is unpaid or overdue', () => {
    expect(isPayable({ kind: 'invoice', status: 'unpaid', balanceCents: 100 })).toBe(true);
    expect(isPayable({ kind: 'invoice', status: 'overdue', balanceCents: 100 })).toBe(true);
    expect(isPayable({ kind: 'invoice', status: 'paid', balanceCents: 0 })).toBe(false);
    expect(isPayable({ kind: 'invoice', status: 'unpaid', balanceCents: 0 })).toBe(false);
    expect(isPayable({ kind: 'adjustment_note', status: 'unpaid', balanceCents: 100 })).toBe(false);
  });

  it('reads the outcome the payment page returns with, and nothing else', () => {
    expect(readPaymentReturn(new URLSearchParams('payment=declined&reason=D4405'))).toEqual({ outcome: 'declined', message: 'Your card was declined (D4405 Do Not Honour). Nothing was charged. You can try again with Pay Now, or use another card.' });
    expect(readPaymentReturn(new URLSearchParams('payment=declined&reason=Call+1800+000+000'))).toEqual({ outcome: 'declined', message: null });
    expect(readPaymentReturn(new URLSearchParams('payment=paid'))).toEqual({ outcome: 'paid', message: null });
    expect(readPaymentReturn(new URLSearchParams('payment=hacked&message=x'))).toBeNull();
    expect(readPaymentReturn(new URLSearchParams(''))).toBeNull();
    expect(readPaymentReturn(new URLSearchParams({ payment: 'error', message: 'Pay by phone instead' }))?.message).toBeNull();
  });

  it('drops only the outcome from the address', () => {
    expect(withoutPaymentReturn(new URLSearchParams('payment=paid&reason=A2000&tab=lines')).toString()).toBe('tab=lines');
  });
});
