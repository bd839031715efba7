/**
 * The reply part of an e-mail reply: the quoted earlier e-mail, a signature and a mobile trailer
 * removed, the writer's own line breaks kept. Mail clients mark the quote in a handful of ways;
 * the first marker found ends the reply. A reply written below an "On … wrote:" quote (bottom or
 * inline posting) keeps its unquoted lines.
 */

/** "On Tue, 4 Jun 2024 at 10:15, Jane <jane@x.com> wrote:" — Gmail, Apple Mail, Thunderbird, iOS. */
const ON_WROTE = /^\s*On\s.*\bwrote:\s*$/i;
/** "Jane Smith <jane@x.com> wrote:" (Thunderbird, some webmail). */
const NAME_WROTE = /^.{0,200}<[^<>\s]+@[^<>\s]+>\s*wrote:\s*$/i;
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i;
const FORWARDED = /^\s*(-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:)\s*$/i;
/** Outlook's rule above its header block. */
const UNDERSCORES = /^\s*_{10,}\s*$/;
/** RFC 3676's "-- " (clients and HTML conversion often lose the trailing space). */
const SIGNATURE = /^-- ?$/;
const TRAILER = /^\s*(Sent from my \S.*|Sent from (Outlook|Mail for Windows|Yahoo Mail|Samsung|Gmail)\b.*|Get Outlook for (iOS|Android)\b.*)$/i;
/** "From: …" / "*From:* …" heading an Outlook header block. */
const HEADER_FROM = /^\s*\*?From:\*?\s+\S/i;
const HEADER_NEXT = /^\s*\*?(Sent|Date|To|Cc|Subject):\*?\s/i;
const HEADER_SENT = /^\s*\*?(Sent|Date):\*?\s/i;
const QUOTED = /^\s*>/;

/** The "On … wrote:" header starting at line i, wrapped over up to three lines; its line count, or 0. */
function onWroteAt(lines: string[], i: number): number {
  const first = lines[i] ?? '';
  if (NAME_WROTE.test(first)) return 1;
  if (!/^\s*On\s/i.test(first)) return 0;
  let joined = '';
  for (let k = 0; k < 3 && i + k < lines.length; k++) {
    const line = lines[i + k] ?? '';
    if (k > 0 && line.trim() === '') return 0;
    joined = k === 0 ? line : `${joined} ${line.trim()}`;
    // A date or an address: "On reflection, Bob wrote:" in the writer's own text is not a header.
    if (ON_WROTE.test(joined) && /[\d@]/.test(joined) && joined.length <= 300) return k + 1;
  }
  return 0;
}

function outlookHeaderAt(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i] ?? '')) return false;
  const next = lines.slice(i + 1, i + 6).filter((l) => l.trim() !== '');
  let sent = false;
  for (const line of next) {
    if (!HEADER_NEXT.test(line)) break;
    if (HEADER_SENT.test(line)) sent = true;
  }
  return sent;
}

type Marker = { at: number; kind: 'wrote' | 'other'; length: number };

function firstMarker(lines: string[]): Marker | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const wrote = onWroteAt(lines, i);
    if (wrote > 0) return { at: i, kind: 'wrote', length: wrote };
    if (ORIGINAL_MESSAGE.test(line) || FORWARDED.test(line) || UNDERSCORES.test(line) || SIGNATURE.test(line) || TRAILER.test(line) || outlookHeaderAt(lines, i)) {
      return { at: i, kind: 'other', length: 1 };
    }
  }
  return undefined;
}

const tidy = (lines: string[]) => lines.map((l) => l.replace(/\s+$/, '')).join('\n').replace(/\n{3,}/g, '\n\n').trim();

/** The reply text without quoted history, signature or "Sent from my iPhone"; '' when nothing is left. */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n');
  const marker = firstMarker(lines);
  const top = tidy((marker ? lines.slice(0, marker.at) : lines).filter((l) => !QUOTED.test(l)));
  if (top !== '' || !marker || marker.kind !== 'wrote') return top;
  // Nothing above the quote: the writer may have answered below or between the quoted lines.
  const below = lines.slice(marker.at + marker.length).filter((l) => !QUOTED.test(l));
  const end = firstMarker(below);
  return tidy(end ? below.slice(0, end.at) : below);
}
