/** Australian formats, shared by server (e-mails, PDFs) and web. */

/** dd/mm/yyyy in the given IANA time zone (default Australia/Sydney). */
export function formatDate(value: Date | string, timeZone = 'Australia/Sydney'): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat('en-AU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(d);
}

/** dd/mm/yyyy h:mm am/pm in the given time zone. */
export function formatDateTime(value: Date | string, timeZone = 'Australia/Sydney'): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  const date = formatDate(d, timeZone);
  const time = new Intl.DateTimeFormat('en-AU', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone }).format(d);
  return `${date} ${time}`;
}

/** Integer cents → "$1,234.50" (negative as "-$12.00"). */
export function formatCents(cents: number | bigint): string {
  const n = typeof cents === 'bigint' ? cents : BigInt(Math.round(cents));
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const dollars = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const c = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}$${dollars}.${c}`;
}
