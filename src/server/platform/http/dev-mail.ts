import type { FastifyInstance } from 'fastify';
import type { DevMailCatcher } from '../mail/dev-catcher.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:960px;color:#1f2933}table{border-collapse:collapse;width:100%}td,th{padding:8px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}a{color:#0b5cad}iframe{width:100%;height:640px;border:1px solid #cbd2d9}pre{white-space:pre-wrap;background:#f5f7fa;padding:12px}</style></head><body>${body}</body></html>`;
}

// Development pages with inline styles (theirs and the e-mails'): their own CSP, scripts still off.
const DEV_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: http: https:; frame-src 'self'; base-uri 'none'; frame-ancestors 'none'";

/** /dev/mail: what the built-in SMTP catcher received (development only; never in production). */
export function registerDevMail(app: FastifyInstance, catcher: DevMailCatcher): void {
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/dev/mail')) reply.header('content-security-policy', DEV_CSP);
  });
  app.get('/dev/mail', { schema: { hide: true } }, async (_req, reply) => {
    const rows = catcher.emails
      .map((e) => `<tr><td>${e.receivedAt.toLocaleString('en-AU', { timeZone: 'Australia/Sydney' })}</td><td>${esc(e.to.join(', '))}</td><td><a href="/dev/mail/${e.id}">${esc(e.subject)}</a></td></tr>`)
      .join('');
    return reply.type('text/html').send(page('Development mail', `<h1>Development mail</h1><p>Every email Ledger Loom sent over SMTP to the built-in catcher (port ${catcher.port}). Newest first.</p><table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No emails yet.</td></tr>'}</tbody></table>`));
  });
  app.get('/dev/mail.json', { schema: { hide: true } }, async () => catcher.emails);
  app.get<{ Params: { id: string } }>('/dev/mail/:id', { schema: { hide: true } }, async (req, reply) => {
    const email = catcher.emails.find((e) => String(e.id) === req.params.id);
    if (!email) return reply.callNotFound();
    const links = [...email.text.matchAll(/https?:\/\/\S+/g)].map((m) => `<li><a href="${esc(m[0])}">${esc(m[0])}</a></li>`).join('');
    return reply.type('text/html').send(page(email.subject, `<p><a href="/dev/mail">← All mail</a></p><h1>${esc(email.subject)}</h1><p>To: ${esc(email.to.join(', '))}<br>From: ${esc(email.from)}${email.replyTo ? `<br>Reply-To: <code>${esc(email.replyTo)}</code> (answer to this address to reply by e-mail)` : ''}</p>
<h2>Links</h2><ul>${links || '<li>None</li>'}</ul><h2>HTML</h2><iframe sandbox title="Email HTML" srcdoc="${esc(email.html ?? '')}"></iframe><h2>Plain text</h2><pre>${esc(email.text)}</pre>`));
  });
}
