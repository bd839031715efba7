import { TZDate } from '@date-fns/tz';
import { format, isValid } from 'date-fns';
import { formatCents } from '../../contracts/format';
import { formatAbn as formatAbnDigits, formatAcn as formatAcnDigits } from '../../contracts/identifiers';
import { formatAustralianPhone } from '../../contracts/phone';

/** Used until a firm's own zone is known (DESIGN.md: default Australia/Sydney). */
export const DEFAULT_TIME_ZONE = 'Australia/Sydney';

function inZone(iso: string, timeZone: string): TZDate | null {
  const date = new TZDate(iso, timeZone);
  return isValid(date) ? date : null;
}

/** "2026-03-04T01:00:00Z" in Australia/Sydney → "04/03/2026". */
export function formatDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = inZone(iso, timeZone);
  return date ? format(date, 'dd/MM/yyyy') : '';
}

/** "04/03/2026 12:00" (24-hour clock, the firm's zone). */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = inZone(iso, timeZone);
  return date ? format(date, 'dd/MM/yyyy HH:mm') : '';
}

/** "10:42 am" (12-hour clock, the firm's zone), as messages and read receipts show it. */
export function formatTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = inZone(iso, timeZone);
  return date ? format(date, 'h:mm aaa') : '';
}

/** "14/05/2026, 10:42 am" (the firm's zone). */
export function formatDateAndTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = inZone(iso, timeZone);
  return date ? format(date, 'dd/MM/yyyy, h:mm aaa') : '';
}

/** Whether two instants fall on the same calendar day in the firm's zone. */
export function isSameDayIn(a: string, b: string, timeZone: string): boolean {
  const x = formatDate(a, timeZone);
  return x !== '' && x === formatDate(b, timeZone);
}

/** Today → "10:42 am"; another day → "14/05/2026" (lists, where the day is what matters). */
export function formatRecent(iso: string | null | undefined, timeZone: string, now: string = new Date().toISOString()): string {
  if (!iso) return '';
  return isSameDayIn(iso, now, timeZone) ? formatTime(iso, timeZone) : formatDate(iso, timeZone);
}

/** Today → "at 10:42 am"; another day → "on 14/05/2026 at 10:42 am" ("Seen by Alex at 10:42 am"). */
export function formatAtTime(iso: string | null | undefined, timeZone: string, now: string = new Date().toISOString()): string {
  if (!iso) return '';
  const time = formatTime(iso, timeZone);
  if (!time) return '';
  return isSameDayIn(iso, now, timeZone) ? `at ${time}` : `on ${formatDate(iso, timeZone)} at ${time}`;
}

/** Integer cents → "$1,234.50" (negative: "-$12.00"); the same function the server's e-mails use. */
export function formatMoney(cents: number): string {
  return formatCents(cents);
}

/** "51824753556" → "51 824 753 556"; empty for none. */
export function formatAbn(abn: string | null | undefined): string {
  return abn ? formatAbnDigits(abn) : '';
}

export function formatAcn(acn: string | null | undefined): string {
  return acn ? formatAcnDigits(acn) : '';
}

/** "+61412345678" → "0412 345 678"; empty for none. */
export function formatPhone(phone: string | null | undefined): string {
  return phone ? formatAustralianPhone(phone) : '';
}

/** A calendar date "2026-04-28" → "28/04/2026" (no time zone: due dates are dates, not instants). */
export function formatCalendarDate(date: string | null | undefined): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** "01/01/2026 – 31/03/2026"; empty when there is no period. */
export function formatPeriod(start: string | null | undefined, end: string | null | undefined): string {
  if (!start && !end) return '';
  if (start && end) return `${formatCalendarDate(start)} – ${formatCalendarDate(end)}`;
  return start ? `From ${formatCalendarDate(start)}` : `Until ${formatCalendarDate(end)}`;
}

/** Integer cents → "1250.50", the plain form an amount field starts from. */
export function centsToDollarText(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * What someone typed as dollars ("1,250.50", "$1250.5", "1250") → integer cents; null when empty;
 * 'invalid' when it is not an amount of dollars and at most two decimal places of cents, or negative.
 * Whole numbers of cents are built from the digits, never through floating point.
 */
export function parseDollarsToCents(text: string): number | null | 'invalid' {
  const cleaned = text.trim().replace(/^\$/, '').replace(/\s/g, '');
  if (cleaned === '') return null;
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m || (m[1] === undefined && m[2] === undefined)) return 'invalid';
  const dollars = Number((m[1] ?? '0').replace(/,/g, ''));
  const cents = Number((m[2] ?? '0').padEnd(2, '0'));
  const total = dollars * 100 + cents;
  return Number.isSafeInteger(total) && total <= 100_000_000_000 ? total : 'invalid';
}

/**
 * A quantity typed as a decimal ("1.5", "2", "0.25", "1,000") → integer thousandths (1500, 2000,
 * 250, 1000000); null when empty; 'invalid' when it is not a number with at most three decimal
 * places, or negative. Built from the digits, never through floating point.
 */
export function parseQuantityToMilli(text: string): number | null | 'invalid' {
  const cleaned = text.trim().replace(/\s/g, '');
  if (cleaned === '') return null;
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,3}))?$/.exec(cleaned);
  if (!m || (m[1] === undefined && m[2] === undefined)) return 'invalid';
  const whole = Number((m[1] ?? '0').replace(/,/g, ''));
  const total = whole * 1000 + Number((m[2] ?? '0').padEnd(3, '0'));
  return Number.isSafeInteger(total) ? total : 'invalid';
}

/** Thousandths → the shortest decimal: 1500 → "1.5", 2000 → "2", 250 → "0.25". */
export function formatQuantity(milli: number): string {
  const abs = Math.abs(Math.trunc(milli));
  const fraction = String(abs % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${milli < 0 ? '-' : ''}${Math.floor(abs / 1000)}${fraction ? `.${fraction}` : ''}`;
}
