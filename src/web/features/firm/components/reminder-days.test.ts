import { describe, expect, it } from 'vitest';
import { describeReminders, newReminderRow, reminderDaysFromRows, reminderRowsFromDays } from './reminder-days';

describe('the reminder schedule', () => {
  it('reads offsets as rows, earliest first, and back', () => {
    const rows = reminderRowsFromDays([7, -3, 0, 1]);
    expect(rows.map(({ days, when }) => ({ days, when }))).toEqual([
      { days: '3', when: 'before' },
      { days: '', when: 'on' },
      { days: '1', when: 'after' },
      { days: '7', when: 'after' },
    ]);
    expect(reminderDaysFromRows(rows)).toEqual([-3, 0, 1, 7]);
  });

  it('gives NaN for days it cannot read, so the form can say why', () => {
    const days = reminderDaysFromRows([newReminderRow({ days: '' }), newReminderRow({ days: '1.5', when: 'before' }), newReminderRow({ days: ' 14 ' })]);
    expect(days.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(days[2]).toBe(14);
  });

  it('says the schedule in words', () => {
    expect(describeReminders([-3, 1, 7, 14])).toBe('3 days before the due date, then 1, 7 and 14 days after it.');
    expect(describeReminders([1])).toBe('1 day after the due date.');
    expect(describeReminders([0, 7, 7])).toBe('On the due date, then 7 days after it.');
    expect(describeReminders([-7, -1])).toBe('7 and 1 days before the due date.');
    expect(describeReminders([])).toBe('No reminders are sent.');
  });
});
