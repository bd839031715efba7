import { describe, expect, it } from 'vitest';
import {
  basMonthlyDueDate, basQuarterlyDueDate, computeDueDate, financialYearOf, fyQuarterOf, individualReturnDueDate, isNationalHoliday,
  nextBusinessDay, nextPeriodStart, periodContaining, periodName, todayIn,
} from './periods.js';

describe('financial years and quarters', () => {
  it.each([
    ['2025-07-01', 'FY2025-26', 1, '2025-07-01', '2025-09-30'],
    ['2025-12-31', 'FY2025-26', 2, '2025-10-01', '2025-12-31'],
    ['2026-02-15', 'FY2025-26', 3, '2026-01-01', '2026-03-31'],
    ['2026-06-30', 'FY2025-26', 4, '2026-04-01', '2026-06-30'],
    ['2026-07-01', 'FY2026-27', 1, '2026-07-01', '2026-09-30'],
  ])('%s is in %s Q%i (%s to %s)', (d, fy, q, start, end) => {
    expect(financialYearOf(d).label).toBe(fy);
    expect(fyQuarterOf(d)).toMatchObject({ quarter: q, start, end, label: `${fy} Q${q}` });
  });
  it('names services by the Australian convention', () => {
    expect(periodName('BAS Preparation', 'quarterly', '2026-01-01')).toEqual({ name: 'BAS Preparation Q3 2026', fyLabel: 'FY2025-26 Q3' });
    expect(periodName('Individual Tax Return', 'annually', '2025-07-01')).toEqual({ name: 'Individual Tax Return 2026', fyLabel: 'FY2025-26' });
    expect(periodName('BAS Preparation', 'monthly', '2026-03-01').name).toBe('BAS Preparation Mar 2026');
  });
  it('steps periods', () => {
    expect(periodContaining('quarterly', '2026-02-10')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(periodContaining('annually', '2026-02-10')).toEqual({ start: '2025-07-01', end: '2026-06-30' });
    expect(periodContaining('monthly', '2024-02-10')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(nextPeriodStart('quarterly', '2025-10-01')).toBe('2026-01-01');
    expect(nextPeriodStart('monthly', '2025-12-01')).toBe('2026-01-01');
  });
});

describe('quarterly BAS due dates (ATO table, then the next business day)', () => {
  // ATO 2025–26 program: Q4 2024–25 28 Jul 2025 / 25 Aug 2025; Q1 28 Oct / 25 Nov 2025; Q2 28 Feb 2026 (no concession); Q3 28 Apr / 26 May 2026.
  it.each([
    ['2025-06-30', false, '2025-07-28'],
    ['2025-06-30', true, '2025-08-25'],
    ['2025-09-30', false, '2025-10-28'],
    ['2025-09-30', true, '2025-11-25'],
    ['2025-12-31', false, '2026-03-02'], // 28 Feb 2026 is a Saturday → Monday 2 March
    ['2025-12-31', true, '2026-03-02'],
    ['2026-03-31', false, '2026-04-28'],
    ['2026-03-31', true, '2026-05-26'],
    ['2026-06-30', false, '2026-07-28'],
    ['2026-06-30', true, '2026-08-25'],
  ])('quarter ending %s, agent %s → %s', (end, agent, due) => {
    expect(basQuarterlyDueDate(end, agent)).toBe(due);
  });
  it('rolls a weekend forward: Q1 FY2026-27 standard date 28 Oct 2026 is a Wednesday, Q1 FY2027-28 28 Oct 2027 a Thursday; Q4 FY2026-27 28 Jul 2027 a Wednesday', () => {
    expect(basQuarterlyDueDate('2026-09-30', false)).toBe('2026-10-28');
    // 25 Nov 2028 is a Saturday.
    expect(basQuarterlyDueDate('2028-09-30', true)).toBe('2028-11-27');
  });
});

describe('monthly BAS and individual returns', () => {
  it('monthly is the 21st of the next month; December through an agent is 21 February', () => {
    expect(basMonthlyDueDate('2026-03-31', false)).toBe('2026-04-21');
    expect(basMonthlyDueDate('2025-12-31', false)).toBe('2026-01-21');
    expect(basMonthlyDueDate('2025-12-31', true)).toBe('2026-02-23'); // 21 Feb 2026 is a Saturday
    expect(basMonthlyDueDate('2026-05-31', false)).toBe('2026-06-22'); // 21 Jun 2026 is a Sunday
  });
  it('individual returns: 31 October self-lodged, 15 May through an agent', () => {
    expect(individualReturnDueDate('2026-06-30', false)).toBe('2026-11-02'); // 31 Oct 2026 is a Saturday
    expect(individualReturnDueDate('2026-06-30', true)).toBe('2027-05-17'); // 15 May 2027 is a Saturday
    expect(individualReturnDueDate('2025-06-30', false)).toBe('2025-10-31');
  });
  it('manual rules compute nothing', () => {
    expect(computeDueDate('manual', '2026-06-30', true)).toBeNull();
    expect(computeDueDate('bas_quarterly', null, true)).toBeNull();
  });
});

describe('business days', () => {
  it('knows the national public holidays, including Easter', () => {
    expect(isNationalHoliday('2026-04-03')).toBe(true); // Good Friday 2026
    expect(isNationalHoliday('2026-04-06')).toBe(true); // Easter Monday 2026
    expect(isNationalHoliday('2026-04-25')).toBe(true);
    expect(isNationalHoliday('2026-04-28')).toBe(false);
    expect(nextBusinessDay('2026-12-25')).toBe('2026-12-28'); // Fri Christmas → Sat, Sun → Mon 28
    expect(nextBusinessDay('2027-01-01')).toBe('2027-01-04');
  });
  it('today is the firm’s date, not the server’s', () => {
    const instant = new Date('2026-06-30T15:00:00Z');
    expect(todayIn('Australia/Sydney', instant)).toBe('2026-07-01');
    expect(todayIn('Australia/Perth', instant)).toBe('2026-06-30');
  });
});
