import { randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import type { CreateSharedRequest, QueryAccessCodeResponse } from './eway-client.js';

/**
 * A stand-in for eWay Rapid's Responsive Shared Page, speaking its HTTP protocol (shared/domain §1):
 * `POST AccessCodesShared`, the hosted card page, the redirect back with `?AccessCode=`, and
 * `GET AccessCode/{code}`, with HTTP Basic auth checked. Development mounts it at /dev/eway/; tests
 * run it on its own port. Card numbers are checked and forgotten — never stored or logged.
 *
 * Cards: 4444333322221111 (also 5105105105105100, 378282246310005) → A2000 approved;
 * 4000000000000002 → D4405 Do Not Honour; a past expiry → V6033 on the page. Control with
 * `POST _control { mode: 'normal' | 'fail' | 'slow' | 'partial', delayMs }`: fail answers 503,
 * slow waits before answering, partial approves one cent less than asked (A2010).
 */

interface Session {
  request: CreateSharedRequest;
  result: Omit<QueryAccessCodeResponse, 'AccessCode'> | null;
}

export interface EwayEmulatorOptions {
  apiKey: string;
  apiPassword: string;
}

export interface EwayEmulatorControl {
  mode: 'normal' | 'fail' | 'slow' | 'partial';
  delayMs: number;
}

/** eWay's page is its own site: its form posts to itself and the redirect then goes to the firm's portal (any sub-domain). */
const EMULATOR_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

const APPROVE = new Set(['4444333322221111', '5105105105105100', '378282246310005']);

function luhn(n: string): boolean {
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = Number(n[n.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return n.length >= 12 && sum % 10 === 0;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-AU', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function page(code: string, s: Session, error?: string): string {
  const p = s.request.Payment;
  return `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>eWAY secure payment (emulator)</title></head>
<body><main><h1>Secure payment</h1><p>eWAY emulator — development only. Card details are checked and never stored.</p>
<p>${esc(s.request.HeaderText ?? `Invoice ${p.InvoiceNumber}`)}: <strong>${dollars(p.TotalAmount)}</strong></p>
${error ? `<p role="alert">${esc(error)}</p>` : ''}
<form method="post" action="sharedpayment?AccessCode=${encodeURIComponent(code)}">
<p><label for="card">Card number</label><br><input id="card" name="cardNumber" inputmode="numeric" autocomplete="cc-number" required></p>
<p><label for="name">Name on card</label><br><input id="name" name="cardName" autocomplete="cc-name"></p>
<p><label for="month">Expiry month</label><br><input id="month" name="expiryMonth" inputmode="numeric" autocomplete="cc-exp-month" required></p>
<p><label for="year">Expiry year</label><br><input id="year" name="expiryYear" inputmode="numeric" autocomplete="cc-exp-year" required></p>
<p><label for="cvn">CVN</label><br><input id="cvn" name="cvn" inputmode="numeric" autocomplete="cc-csc" required></p>
<p><button type="submit">Pay</button> <a href="${esc(s.request.CancelUrl)}">Cancel</a></p>
</form></main></body></html>`;
}

export function ewayEmulator(opts: EwayEmulatorOptions): { plugin: FastifyPluginAsync; control: EwayEmulatorControl } {
  const sessions = new Map<string, Session>();
  const control: EwayEmulatorControl = { mode: 'normal', delayMs: 0 };
  let nextTransaction = 10_000_000 + Math.floor(Math.random() * 1000);
  const expected = `Basic ${Buffer.from(`${opts.apiKey}:${opts.apiPassword}`).toString('base64')}`;

  const api = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.headers.authorization !== expected) return reply.code(401).send({ Errors: 'S9996' });
    if (control.mode === 'slow' || control.delayMs > 0) await new Promise((r) => setTimeout(r, control.delayMs || 3000));
    if (control.mode === 'fail') return reply.code(503).send({ Errors: 'S5010' });
    return undefined;
  };

  const plugin: FastifyPluginAsync = async (app) => {
    await app.register(formbody, { bodyLimit: 4096 });

    app.post('/_control', { onRequest: async (req, reply) => (req.headers.authorization !== expected ? reply.code(401).send({ Errors: 'S9996' }) : undefined) }, async (req, reply) => {
      const body = (req.body ?? {}) as Partial<EwayEmulatorControl>;
      const modes: EwayEmulatorControl['mode'][] = ['normal', 'slow', 'fail', 'partial'];
      if ((body.mode !== undefined && !modes.includes(body.mode)) || (body.delayMs !== undefined && (!Number.isInteger(body.delayMs) || body.delayMs < 0 || body.delayMs > 120_000))) {
        return reply.code(400).send({ Errors: 'V6000', message: `mode must be one of ${modes.join(', ')}; delayMs a whole number of milliseconds up to 120000` });
      }
      control.mode = body.mode ?? 'normal';
      control.delayMs = body.delayMs ?? 0;
      return control;
    });

    app.post('/AccessCodesShared', { onRequest: api }, async (req) => {
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Partial<CreateSharedRequest>;
      const errors: string[] = [];
      const amount = body.Payment?.TotalAmount;
      if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0) errors.push('V6011');
      if (body.Payment?.CurrencyCode && body.Payment.CurrencyCode !== 'AUD') errors.push('V6015');
      if (!body.RedirectUrl) errors.push('V6047');
      else if (!/^https?:\/\//.test(body.RedirectUrl)) errors.push('V6059');
      if (errors.length > 0) return { AccessCode: null, SharedPaymentUrl: null, Errors: errors.join(',') };
      const code = randomBytes(20).toString('hex').toUpperCase();
      sessions.set(code, { request: body as CreateSharedRequest, result: null });
      const base = `${req.protocol}://${req.host}${req.url.replace(/AccessCodesShared.*$/, '')}`;
      return { AccessCode: code, SharedPaymentUrl: `${base}sharedpage/sharedpayment?AccessCode=${code}`, Payment: body.Payment, Errors: null };
    });

    app.get('/AccessCode/:code', { onRequest: api }, async (req): Promise<QueryAccessCodeResponse> => {
      const code = (req.params as { code: string }).code;
      const s = sessions.get(code);
      if (!s) return { AccessCode: code, AuthorisationCode: null, ResponseCode: null, ResponseMessage: null, TransactionID: null, TransactionStatus: false, TotalAmount: 0, InvoiceNumber: null, InvoiceReference: null, Errors: 'V6107' };
      if (!s.result) {
        return { AccessCode: code, AuthorisationCode: null, ResponseCode: null, ResponseMessage: 'S5099', TransactionID: null, TransactionStatus: false, TotalAmount: s.request.Payment.TotalAmount, InvoiceNumber: s.request.Payment.InvoiceNumber, InvoiceReference: s.request.Payment.InvoiceReference, Errors: null };
      }
      return { AccessCode: code, ...s.result };
    });

    app.get('/sharedpage/sharedpayment', async (req, reply) => {
      const code = (req.query as { AccessCode?: string }).AccessCode ?? '';
      const s = sessions.get(code);
      if (!s) return reply.code(404).type('text/html').send('<!doctype html><title>Not found</title><p>V6107 Invalid access code.</p>');
      if (s.result) return reply.redirect(`${s.request.RedirectUrl}${s.request.RedirectUrl.includes('?') ? '&' : '?'}AccessCode=${code}`);
      return reply.type('text/html').header('content-security-policy', EMULATOR_CSP).send(page(code, s));
    });

    app.post('/sharedpage/sharedpayment', async (req, reply) => {
      const code = (req.query as { AccessCode?: string }).AccessCode ?? '';
      const s = sessions.get(code);
      if (!s) return reply.code(404).type('text/html').send('<!doctype html><title>Not found</title><p>V6107 Invalid access code.</p>');
      const back = `${s.request.RedirectUrl}${s.request.RedirectUrl.includes('?') ? '&' : '?'}AccessCode=${code}`;
      if (s.result) return reply.redirect(back);
      const f = req.body as Record<string, string | undefined>;
      const card = (f.cardNumber ?? '').replace(/[\s-]/g, '');
      const month = Number(f.expiryMonth);
      const year = Number((f.expiryYear ?? '').length === 2 ? `20${f.expiryYear}` : f.expiryYear);
      const now = new Date();
      const show = (msg: string) => reply.type('text/html').header('content-security-policy', EMULATOR_CSP).send(page(code, s, msg));
      if (!/^\d{12,19}$/.test(card) || !luhn(card)) return show('V6110 Invalid card number');
      if (!(f.cardName ?? '').trim()) return show('V6021 Cardholder name required');
      if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1)) return show('V6033 Invalid Expiry Date');
      if (!/^\d{3,4}$/.test(f.cvn ?? '')) return show('V6106 Invalid CVN');
      const p = s.request.Payment;
      const approved = APPROVE.has(card);
      const partial = approved && control.mode === 'partial';
      s.result = {
        AuthorisationCode: approved ? String(100000 + Math.floor(Math.random() * 900000)) : null,
        ResponseCode: approved ? (partial ? '10' : '00') : '05',
        ResponseMessage: approved ? (partial ? 'A2010' : 'A2000') : 'D4405',
        TransactionID: nextTransaction++,
        TransactionStatus: approved,
        TotalAmount: partial ? p.TotalAmount - 1 : p.TotalAmount,
        InvoiceNumber: p.InvoiceNumber,
        InvoiceReference: p.InvoiceReference,
        Errors: null,
      };
      return reply.redirect(back);
    });
  };
  return { plugin, control };
}

/** The emulator on its own port (tests). */
export async function startEwayEmulator(opts: EwayEmulatorOptions): Promise<{ url: string; control: EwayEmulatorControl; close: () => Promise<void>; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  const emu = ewayEmulator(opts);
  await app.register(emu.plugin);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, control: emu.control, close: () => app.close(), app };
}
