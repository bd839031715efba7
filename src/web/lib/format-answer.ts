import type { Question } from '../../contracts/work';
import { formatCalendarDate, formatMoney } from './format';

/**
 * An answer as words: Yes/No, $1,234.50, dd/mm/yyyy, or the client's own text as it is (shown as
 * text, never as HTML: React escapes it). null when there is no answer.
 */
export function formatAnswer(question: Pick<Question, 'kind'>, value: Question['answer']): string | null {
  if (value === null) return null;
  switch (question.kind) {
    case 'yes_no':
      return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
    case 'amount':
      return typeof value === 'number' ? formatMoney(value) : String(value);
    case 'date':
      return typeof value === 'string' ? formatCalendarDate(value) || value : String(value);
    default:
      return String(value);
  }
}
