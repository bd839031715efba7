import { describe, expect, it } from 'vitest';
import { centsToDollarText, formatAtTime, formatCalendarDate, formatDateAndTime, formatPeriod, formatQuantity, formatRecent, formatTime, parseDollarsToCents, parseQuantityToMilli } from './format';

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

describe('quantities typed as decimals', () => {
  it('become integer thousandths without floating point', () => {
    expect(parseQuantityToMilli('1.5')).toBe(1500);
    expect(parseQuantityToMilli('2')).toBe(2000);
    expect(parseQuantityToMilli('0.125')).toBe(125);
    expect(parseQuantityToMilli('.25')).toBe(250);
    expect(parseQuantityToMilli('1,000')).toBe(1_000_000);
    expect(parseQuantityToMilli(' ')).toBeNull();
  });

  it('refuse more than three decimal places, negatives and words', () => {
    for (const bad of ['1.2345', '-1', 'two', '1e3', '1.']) expect(parseQuantityToMilli(bad)).toBe('invalid');
  });

  it('show thousandths as the shortest decimal', () => {
    expect(formatQuantity(1500)).toBe('1.5');
    expect(formatQuantity(2000)).toBe('2');
    expect(formatQuantity(125)).toBe('0.125');
    expect(parseQuantityToMilli(formatQuantity(1_234_567))).toBe(1_234_567);
  });
});

describe('times of messages', () => {
  const zone = 'Australia/Sydney';
  it('shows a 12-hour time with a lower-case am or pm in the firm\'s zone', () => {
    // 23:42 UTC on 13 May is 9:42 am on 14 May in Sydney (AEST, UTC+10).
    expect(formatTime('2026-05-13T23:42:00Z', zone)).toBe('9:42 am');
    expect(formatTime('2026-05-14T02:05:00Z', zone)).toBe('12:05 pm');
    expect(formatTime('2026-05-14T12:00:00Z', 'Australia/Perth')).toBe('8:00 pm');
    expect(formatDateAndTime('2026-05-13T23:42:00Z', zone)).toBe('14/05/2026, 9:42 am');
    expect(formatTime(null, zone)).toBe('');
  });

  it('says only the time for today and the date for another day', () => {
    const now = '2026-05-14T05:00:00Z';
    expect(formatRecent('2026-05-13T23:42:00Z', zone, now)).toBe('9:42 am');
    expect(formatRecent('2026-05-13T12:00:00Z', zone, now)).toBe('13/05/2026');
    expect(formatAtTime('2026-05-13T23:42:00Z', zone, now)).toBe('at 9:42 am');
    expect(formatAtTime('2026-05-13T12:00:00Z', zone, now)).toBe('on 13/05/2026 at 10:00 pm');
  });
});
