/** The firm's reminder schedule as people edit it: "3 days before", "on the due date", "7 days after". */

export type ReminderWhen = 'before' | 'on' | 'after';

export interface ReminderRow {
  /** Stable across removals, for React keys only. */
  key: string;
  /** The number of days as typed ('' on the due date itself). */
  days: string;
  when: ReminderWhen;
}

/** The server's limits (contracts/firms.ts): at most 6, from 60 days before to 90 days after. */
export const MAX_REMINDERS = 6;
export const MAX_DAYS_BEFORE = 60;
export const MAX_DAYS_AFTER = 90;

let nextKey = 0;
export function newReminderRow(over: Partial<Omit<ReminderRow, 'key'>> = {}): ReminderRow {
  nextKey += 1;
  return { key: `reminder-${nextKey}`, days: '', when: 'after', ...over };
}

/** Offsets from the due date (negative = before) → rows, earliest first. */
export function reminderRowsFromDays(days: ReadonlyArray<number>): ReminderRow[] {
  return [...days]
    .sort((a, b) => a - b)
    .map((d) => newReminderRow(d === 0 ? { days: '', when: 'on' } : { days: String(Math.abs(d)), when: d < 0 ? 'before' : 'after' }));
}

/** Rows → offsets for the API; a number of days that cannot be read is NaN (the form says why). */
export function reminderDaysFromRows(rows: ReadonlyArray<ReminderRow>): number[] {
  return rows.map((r) => {
    if (r.when === 'on') return 0;
    const text = r.days.trim();
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    return r.when === 'before' ? -n : n;
  });
}

const days = (list: number[]) => {
  const words = list.length === 1 ? String(list[0]) : `${list.slice(0, -1).join(', ')} and ${String(list.at(-1))}`;
  return `${words} ${list.length === 1 && list[0] === 1 ? 'day' : 'days'}`;
};

/** The schedule in one sentence, e.g. "3 days before the due date, then 1, 7 and 14 days after it." */
export function describeReminders(offsets: ReadonlyArray<number>): string {
  const valid = [...new Set(offsets.filter((d) => Number.isInteger(d)))].sort((a, b) => a - b);
  if (valid.length === 0) return 'No reminders are sent.';
  const before = valid.filter((d) => d < 0).map((d) => -d);
  const after = valid.filter((d) => d > 0);
  const parts = [
    ...(before.length > 0 ? [`${days(before)} before the due date`] : []),
    ...(valid.includes(0) ? ['on the due date'] : []),
  ];
  if (after.length > 0) parts.push(`${days(after)} after ${parts.length > 0 ? 'it' : 'the due date'}`);
  const sentence = parts.join(', then ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}
