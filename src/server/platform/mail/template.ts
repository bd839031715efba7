/**
 * Branded transactional e-mail: the firm's name, colour and logo, a plain-text part, and links only
 * to URLs the caller built from configured base URLs (never from a request's Host header).
 */
export interface EmailBranding {
  displayName: string;
  primaryColour: string;
  primaryTextColour: string;
  logoUrl: string | null;
  supportEmail: string | null;
}

export interface EmailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  /** Small print under the button, e.g. when the link expires. */
  note?: string;
  /** A list of links (the daily digest): what each was about, and where to see it. */
  items?: { text: string; url: string | null }[];
}

/**
 * Where the "Stop these e-mails" footer link goes; `enqueueEmail` fills it in for optional e-mails
 * (and removes it from the others), because only it knows the recipient's unsubscribe token.
 */
export const UNSUBSCRIBE_MARKER = '<!--ll:unsubscribe-->';
export const UNSUBSCRIBE_TEXT_MARKER = '[[ll:unsubscribe]]';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function renderEmail(brand: EmailBranding, content: EmailContent): { subject: string; text: string; html: string; link?: string } {
  const text = [
    brand.displayName,
    '',
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.items?.length ? [...content.items.map((i) => `- ${i.text}${i.url ? `: ${i.url}` : ''}`), ''] : []),
    ...(content.button ? [`${content.button.label}: ${content.button.url}`, ''] : []),
    ...(content.note ? [content.note, ''] : []),
    brand.supportEmail ? `Questions? Contact ${brand.displayName} at ${brand.supportEmail}.` : '',
    'Sent by Ledger Loom on behalf of your accounting firm.',
    UNSUBSCRIBE_TEXT_MARKER,
  ].join('\n');

  const colour = /^#[0-9a-f]{6}$/i.test(brand.primaryColour) ? brand.primaryColour : '#0F766E';
  const textColour = /^#[0-9a-f]{6}$/i.test(brand.primaryTextColour) ? brand.primaryTextColour : '#FFFFFF';
  const logo = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.displayName)}" height="40" style="max-height:40px">`
    : `<strong style="font-size:18px;color:${colour}">${escapeHtml(brand.displayName)}</strong>`;
  const html = `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;border-top:4px solid ${colour}">
<tr><td style="padding:24px 32px 8px">${logo}</td></tr>
<tr><td style="padding:8px 32px"><h1 style="font-size:20px;margin:0 0 12px">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((p) => `<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(p)}</p>`).join('\n')}
${
  content.items?.length
    ? `<ul style="font-size:15px;line-height:1.5;margin:0 0 12px;padding-left:20px">${content.items
      .map((i) => `<li style="margin:0 0 6px">${i.url ? `<a href="${escapeHtml(i.url)}" style="color:${colour}">${escapeHtml(i.text)}</a>` : escapeHtml(i.text)}</li>`)
      .join('')}</ul>`
    : ''
}
${
  content.button
    ? `<p style="margin:20px 0"><a href="${escapeHtml(content.button.url)}" style="background:${colour};color:${textColour};padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(content.button.label)}</a></p>
<p style="font-size:13px;color:#52606d;word-break:break-all">Or paste this address into your browser: ${escapeHtml(content.button.url)}</p>`
    : ''
}
${content.note ? `<p style="font-size:13px;color:#52606d">${escapeHtml(content.note)}</p>` : ''}
</td></tr>
<tr><td style="padding:16px 32px 24px;font-size:12px;color:#7b8794">${
    brand.supportEmail ? `Questions? Contact ${escapeHtml(brand.displayName)} at ${escapeHtml(brand.supportEmail)}.<br>` : ''
  }Sent by Ledger Loom on behalf of your accounting firm.${UNSUBSCRIBE_MARKER}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject: content.subject, text, html, ...(content.button ? { link: content.button.url } : {}) };
}
