import { formatCalendarDate } from '../../../lib/format';

/** A due date; overdue ones say so in words as well as in red. */
export function DueDate({ date, overdue, none = 'No due date' }: { date: string | null; overdue: boolean; none?: string }) {
  if (!date) return <span className="muted">{none}</span>;
  if (!overdue) return <span>{formatCalendarDate(date)}</span>;
  return (
    <span className="due-overdue">
      {formatCalendarDate(date)}
      <span className="due-overdue-label">Overdue</span>
    </span>
  );
}
