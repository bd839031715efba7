import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtEmail {
  id: number;
  messageId: string | null;
  from: string;
  to: string[];
  /** The Reply-To address(es), e.g. a message notification's `reply+<token>@MAIL_DOMAIN`; null when none. */
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  receivedAt: Date;
}

/**
 * A real SMTP server inside the process for development and tests: it accepts everything the app
 * sends so a new user can read invitations at /dev/mail, and tests can assert on what arrived over
 * SMTP. Keeps the latest 500 messages in memory; a repeated Message-ID is stored once.
 */
export class DevMailCatcher {
  readonly emails: CaughtEmail[] = [];
  private server: SMTPServer;
  private nextId = 1;
  private waiters: { match: (e: CaughtEmail) => boolean; resolve: (e: CaughtEmail) => void }[] = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.store({
              messageId: mail.messageId ?? null,
              from: mail.from?.text ?? '',
              to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')),
              replyTo: mail.replyTo ? mail.replyTo.value.map((v) => v.address ?? '').filter(Boolean).join(', ') || null : null,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : null,
              headers: {
                ...Object.fromEntries([...mail.headers].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
                // List-* headers are parsed into one structured `list` value: keep them as sent, too.
                ...Object.fromEntries(mail.headerLines.filter((h) => h.key.startsWith('list-')).map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, '').trim()])),
              },
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
  }

  private store(e: Omit<CaughtEmail, 'id' | 'receivedAt'>) {
    if (e.messageId && this.emails.some((x) => x.messageId === e.messageId)) return;
    const email: CaughtEmail = { ...e, id: this.nextId++, receivedAt: new Date() };
    this.emails.unshift(email);
    if (this.emails.length > 500) this.emails.pop();
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(email)) return true;
      w.resolve(email);
      return false;
    });
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        resolve(this.port);
      });
    });
  }

  /** Resolves with the first e-mail (already received or arriving within timeoutMs) that matches. */
  waitFor(match: (e: CaughtEmail) => boolean, timeoutMs = 10_000): Promise<CaughtEmail> {
    const found = this.emails.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching e-mail within ${timeoutMs} ms`));
      }, timeoutMs).unref();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
