import { describe, expect, it } from 'vitest';
import { linkify } from './message-text';

describe('links in a message', () => {
  it('finds http(s) and www. addresses and leaves the rest as text', () => {
    expect(linkify('See https://ato.gov.au/bas and www.asic.gov.au today')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://ato.gov.au/bas', href: 'https://ato.gov.au/bas' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'www.asic.gov.au', href: 'https://www.asic.gov.au/' },
      { kind: 'text', text: ' today' },
    ]);
  });

  it('leaves sentence punctuation and unmatched brackets outside the link', () => {
    expect(linkify('Go to https://example.com.au/a.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', text: 'https://example.com.au/a', href: 'https://example.com.au/a' },
      { kind: 'text', text: '.' },
    ]);
    expect(linkify('(see https://example.com.au/x)')[1]).toEqual({ kind: 'link', text: 'https://example.com.au/x', href: 'https://example.com.au/x' });
    expect(linkify('https://en.wikipedia.org/wiki/Tax_(Australia)')[0]).toMatchObject({ kind: 'link', text: 'https://en.wikipedia.org/wiki/Tax_(Australia)' });
  });

  it('never makes a link of script, data or markup', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '<a href="https://evil.example">x</a>', '<script>alert(1)</script>']) {
      const parts = linkify(text);
      expect(parts.every((p) => p.kind === 'text' || p.href.startsWith('https://'))).toBe(true);
      expect(parts.map((p) => p.text).join('')).toBe(text);
    }
    expect(linkify('<script>alert(1)</script>')).toEqual([{ kind: 'text', text: '<script>alert(1)</script>' }]);
  });

  it('keeps line breaks and every character of the text', () => {
    const text = 'Line one\nhttps://a.example.com\n\nLine four';
    expect(linkify(text).map((p) => p.text).join('')).toBe(text);
  });
});
