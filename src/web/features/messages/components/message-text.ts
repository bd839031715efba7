/** A run of a message's text: plain, or an address to show as a link. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) addresses and bare www. ones; anything else (javascript:, data:, mailto:) stays text.
const ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'"’”]+$/;

/** Sentence punctuation after an address is not part of it; a closing bracket is, only when it has its opening one. */
function trimAddress(raw: string): string {
  let s = raw;
  for (;;) {
    const before = s;
    s = s.replace(TRAILING, '');
    for (const [open, close] of [['(', ')'], ['[', ']']] as const) {
      if (s.endsWith(close) && s.split(close).length > s.split(open).length) s = s.slice(0, -1);
    }
    if (s === before) return s;
  }
}

function safeHref(text: string): string | null {
  try {
    const url = new URL(/^www\./i.test(text) ? `https://${text}` : text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Splits plain text into text and http(s) links. Nothing here is HTML: the parts are rendered as
 * React text and <a> elements, so markup someone typed shows as the characters they typed.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (t: string) => {
    if (!t) return;
    const prev = parts[parts.length - 1];
    if (prev?.kind === 'text') prev.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  for (const match of text.matchAll(ADDRESS)) {
    const start = match.index;
    const address = trimAddress(match[0]);
    const href = address ? safeHref(address) : null;
    push(text.slice(last, start));
    if (href) parts.push({ kind: 'link', text: address, href });
    else push(address);
    last = start + address.length;
  }
  push(text.slice(last));
  return parts;
}
