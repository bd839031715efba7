import { describe, expect, it } from 'vitest';
import { centsToDollarText, formatCalendarDate, formatPeriod, parseDollarsToCents } from './format';

describe('calendar dates', () => {
  it('shows yyyy-mm-dd as dd/mm/yyyy without any time zone shift', () => {
    expect(formatCalendarDate('2026-04-28')).toBe('28/04/2026');
    expect(formatCalendarDate('2026-01-01')).toBe('01/01/2026');
    expect(formatCalendarDate(null)).toBe('');
    expect(formatCalendarDate('28/04/2026')).toBe('');
  });

  it('shows a period as a range', () => {
    expect(formatPeriod('2026-01-01', '2026-03-31')).toBe('01/01/2026 – 31/03/2026');
    expect(formatPeriod(null, null)).toBe('');
  });
});

describe('amounts typed in dollars', () => {
  it('become integer cents without floating point', () => {
    expect(parseDollarsToCents('1,250.50')).toBe(125050);
    expect(parseDollarsToCents('$1250.5')).toBe(125050);
    expect(parseDollarsToCents('1250')).toBe(125000);
    expect(parseDollarsToCents('0.07')).toBe(7);
    expect(parseDollarsToCents('.5')).toBe(50);
    expect(parseDollarsToCents('1,234,567.89')).toBe(123456789);
    expect(parseDollarsToCents('  ')).toBeNull();
  });

  it('refuse what is not an amount', () => {
    for (const bad of ['twelve', '1,25', '1.234', '-5', '12,50.00', '1e3']) expect(parseDollarsToCents(bad)).toBe('invalid');
  });

  it('round-trip through the text an amount field starts from', () => {
    expect(centsToDollarText(125050)).toBe('1250.50');
    expect(centsToDollarText(7)).toBe('0.07');
    expect(parseDollarsToCents(centsToDollarText(99999))).toBe(99999);
  });
});
