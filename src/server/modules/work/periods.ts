/**
 * Australian financial years, BAS periods and ATO due dates (shared/domain §4). Calendar dates are
 * 'yyyy-mm-dd' strings throughout; arithmetic is done on UTC midnights so no time zone can shift a day.
 */
export type IsoDate = string;

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number): IsoDate => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};
const parts = (d: IsoDate) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return { y, m, d: day };
};
export const addDays = (d: IsoDate, n: number): IsoDate => {
  const p = parts(d);
  return isoDate(p.y, p.m, p.d + n);
};
export const addMonths = (d: IsoDate, n: number): IsoDate => {
  const p = parts(d);
  return isoDate(p.y, p.m + n, p.d);
};
const lastDayOfMonth = (y: number, m: number) => parts(isoDate(y, m + 1, 0)).d;

/** The financial year that contains a date: 1 July – 30 June, named by its ending year. */
export function financialYearOf(d: IsoDate): { endYear: number; start: IsoDate; end: IsoDate; label: string } {
  const p = parts(d);
  const endYear = p.m >= 7 ? p.y + 1 : p.y;
  return { endYear, start: isoDate(endYear - 1, 7, 1), end: isoDate(endYear, 6, 30), label: `FY${endYear - 1}-${String(endYear).slice(2)}` };
}

/** FY quarter of a date: Q1 Jul–Sep, Q2 Oct–Dec, Q3 Jan–Mar, Q4 Apr–Jun. */
export function fyQuarterOf(d: IsoDate): { quarter: 1 | 2 | 3 | 4; start: IsoDate; end: IsoDate; fy: ReturnType<typeof financialYearOf>; label: string } {
  const p = parts(d);
  const fy = financialYearOf(d);
  const quarter = (((Math.floor((p.m - 1) / 3) + 2) % 4) + 1) as 1 | 2 | 3 | 4;
  const startMonth = Math.floor((p.m - 1) / 3) * 3 + 1;
  const start = isoDate(p.y, startMonth, 1);
  const end = isoDate(p.y, startMonth + 2, lastDayOfMonth(p.y, startMonth + 2));
  return { quarter, start, end, fy, label: `${fy.label} Q${quarter}` };
}

/** Easter Sunday (anonymous Gregorian algorithm), for Good Friday and Easter Monday. */
function easterSunday(y: number): IsoDate {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(y, month, day);
}

/**
 * National public holidays that close the ATO everywhere: New Year's Day, Australia Day, Good Friday,
 * Easter Monday, Anzac Day, Christmas and Boxing Day. State-only holidays are not included.
 */
export function isNationalHoliday(d: IsoDate): boolean {
  const p = parts(d);
  const md = `${pad(p.m)}-${pad(p.d)}`;
  if (['01-01', '01-26', '04-25', '12-25', '12-26'].includes(md)) return true;
  const easter = easterSunday(p.y);
  return d === addDays(easter, -2) || d === addDays(easter, 1);
}

export function isWeekend(d: IsoDate): boolean {
  const p = parts(d);
  const dow = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  return dow === 0 || dow === 6;
}

/** ATO rule: a due date on a weekend or public holiday moves to the next business day. */
export function nextBusinessDay(d: IsoDate): IsoDate {
  let day = d;
  while (isWeekend(day) || isNationalHoliday(day)) day = addDays(day, 1);
  return day;
}

/**
 * Quarterly BAS due date for the quarter containing `periodEnd`. Standard: 28 Oct, 28 Feb, 28 Apr,
 * 28 Jul. Registered agent lodging electronically: 25 Nov, (Q2 none: 28 Feb), 26 May, 25 Aug.
 */
export function basQuarterlyDueDate(periodEnd: IsoDate, agent: boolean): IsoDate {
  const { quarter, fy } = fyQuarterOf(periodEnd);
  const y = fy.endYear;
  const table: Record<1 | 2 | 3 | 4, [IsoDate, IsoDate]> = {
    1: [isoDate(y - 1, 10, 28), isoDate(y - 1, 11, 25)],
    2: [isoDate(y, 2, 28), isoDate(y, 2, 28)],
    3: [isoDate(y, 4, 28), isoDate(y, 5, 26)],
    4: [isoDate(y, 7, 28), isoDate(y, 8, 25)],
  };
  return nextBusinessDay(table[quarter][agent ? 1 : 0]);
}

/** Monthly BAS: the 21st of the next month; December goes to 21 February through an agent (turnover up to $10M). */
export function basMonthlyDueDate(periodEnd: IsoDate, agent: boolean): IsoDate {
  const p = parts(periodEnd);
  const due = p.m === 12 && agent ? isoDate(p.y + 1, 2, 21) : isoDate(p.y, p.m + 1, 21);
  return nextBusinessDay(due);
}

/**
 * Individual return for the FY ending in `periodEnd`'s FY: 31 October for self-lodgers; through a
 * registered agent, up to 15 May of the next year for eligible clients (the exact eligibility is
 * unconfirmed in our sources, so staff can always change the date).
 */
export function individualReturnDueDate(periodEnd: IsoDate, agent: boolean): IsoDate {
  const y = financialYearOf(periodEnd).endYear;
  return nextBusinessDay(agent ? isoDate(y + 1, 5, 15) : isoDate(y, 10, 31));
}

export type DueRule = 'manual' | 'bas_quarterly' | 'bas_monthly' | 'individual_return';

export function computeDueDate(rule: DueRule, periodEnd: IsoDate | null, agent: boolean): IsoDate | null {
  if (!periodEnd || rule === 'manual') return null;
  if (rule === 'bas_quarterly') return basQuarterlyDueDate(periodEnd, agent);
  if (rule === 'bas_monthly') return basMonthlyDueDate(periodEnd, agent);
  return individualReturnDueDate(periodEnd, agent);
}

export type Frequency = 'monthly' | 'quarterly' | 'annually';

/** The period (start, end) of the given frequency that contains `d`; annual periods are financial years. */
export function periodContaining(frequency: Frequency, d: IsoDate): { start: IsoDate; end: IsoDate } {
  const p = parts(d);
  if (frequency === 'monthly') return { start: isoDate(p.y, p.m, 1), end: isoDate(p.y, p.m, lastDayOfMonth(p.y, p.m)) };
  if (frequency === 'quarterly') {
    const q = fyQuarterOf(d);
    return { start: q.start, end: q.end };
  }
  const fy = financialYearOf(d);
  return { start: fy.start, end: fy.end };
}

export function nextPeriodStart(frequency: Frequency, start: IsoDate): IsoDate {
  return addMonths(start, frequency === 'monthly' ? 1 : frequency === 'quarterly' ? 3 : 12);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The service's name for a period, by Australian convention: "BAS Preparation Q3 2026" is Q3 of
 * FY2025-26 (Jan–Mar 2026); "Individual Tax Return 2026" is FY2025-26; monthly: "BAS Preparation Mar 2026".
 */
export function periodName(templateName: string, frequency: Frequency | 'none', start: IsoDate): { name: string; fyLabel: string } {
  const fy = financialYearOf(start);
  if (frequency === 'quarterly') {
    const q = fyQuarterOf(start);
    return { name: `${templateName} Q${q.quarter} ${fy.endYear}`, fyLabel: q.label };
  }
  if (frequency === 'monthly') {
    const p = parts(start);
    return { name: `${templateName} ${MONTHS[p.m - 1]} ${p.y}`, fyLabel: fy.label };
  }
  return { name: `${templateName} ${fy.endYear}`, fyLabel: fy.label };
}

/** Today's date in a time zone, as 'yyyy-mm-dd' ("overdue" is computed in the firm's time zone). */
export function todayIn(timeZone: string, now = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
