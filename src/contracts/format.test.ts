import { describe, expect, it } from 'vitest';
import { formatCents, formatDate, formatDateTime } from './format.js';

describe('Australian formats', () => {
  it('money from integer cents', () => {
    expect(formatCents(123450)).toBe('$1,234.50');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(-1200)).toBe('-$12.00');
    expect(formatCents(100000000n)).toBe('$1,000,000.00');
  });
  it('dates are dd/mm/yyyy in the firm’s time zone', () => {
    // 14:30 UTC on 30 June is already 1 July in Sydney (AEST, UTC+10) but still 30 June in Perth (UTC+8) at 22:30.
    const instant = new Date('2026-06-30T14:30:00Z');
    expect(formatDate(instant, 'Australia/Sydney')).toBe('01/07/2026');
    expect(formatDate(instant, 'Australia/Perth')).toBe('30/06/2026');
    expect(formatDateTime('2026-12-03T01:05:00Z', 'Australia/Sydney')).toBe('03/12/2026 12:05 pm');
  });
});
