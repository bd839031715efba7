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
