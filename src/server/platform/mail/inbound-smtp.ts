import type { FastifyBaseLogger } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One received e-mail: the SMTP envelope (what the sending server said) and the parsed message. */
export interface InboundMail {
  /** MAIL FROM, lower-cased; '' for the null sender (bounces, most auto-replies). */
  mailFrom: string;
  /** The one RCPT TO accepted for this transaction (maxRecipients is 1). */
  rcptTo: string;
  remoteAddress: string;
  parsed: ParsedMail;
}

export type InboundVerdict = { accepted: true } | { accepted: false; reason: string; code?: number };

export interface InboundHandlers {
  /** Decides at RCPT time, so mail for unknown addresses is refused before its body is sent. */
  acceptRecipient(address: string): Promise<boolean>;
  deliver(mail: InboundMail): Promise<InboundVerdict>;
}

export interface InboundSmtpOptions extends InboundHandlers {
  /** The host name in the greeting. */
  hostname: string;
  /** Largest message accepted, in bytes (larger gets 552). */
  maxBytes?: number;
  log: FastifyBaseLogger;
}

class SmtpReply extends Error {
  constructor(readonly responseCode: number, message: string) {
    super(message);
  }
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * An SMTP listener for mail addressed to the app (reply by e-mail). It sits behind the domain's MX
 * or a relay, which does spam, SPF/DKIM/DMARC and TLS with the outside world. No AUTH, no
 * STARTTLS, one recipient per transaction (a second gets 452 and the sender retries it separately,
 * so each DATA answer is about exactly one delivery). Nothing a sender does ends the process: every
 * failure becomes an SMTP reply.
 */
export class InboundSmtpListener {
  private server: SMTPServer;
  port = 0;

  constructor(private opts: InboundSmtpOptions) {
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.server = new SMTPServer({
      name: opts.hostname,
      banner: 'Ledger Loom reply by e-mail',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: maxBytes,
      maxRecipients: 1,
      maxClients: 50,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      onRcptTo: (address, _session, callback) => {
        opts
          .acceptRecipient(address.address)
          .then((ok) => callback(ok ? null : new SmtpReply(550, 'No such recipient')))
          .catch((err: unknown) => {
            opts.log.error({ err }, 'inbound mail: recipient check failed');
            callback(new SmtpReply(451, 'Temporary failure, try again later'));
          });
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session, maxBytes)
          .then((verdict) => callback(verdict.accepted ? null : new SmtpReply(verdict.code ?? 550, verdict.reason)))
          .catch((err: unknown) => {
            if (err instanceof SmtpReply) return callback(err);
            // The sender hung up mid-message: nothing to answer, nothing wrong here.
            const code = (err as { code?: unknown }).code;
            if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNECTION') opts.log.info('inbound mail: connection closed during DATA');
            else opts.log.error({ err }, 'inbound mail: delivery failed');
            callback(new SmtpReply(451, 'Temporary failure, try again later'));
          });
      },
    });
    // A socket error on one connection (a client resetting) must not become an unhandled 'error'.
    this.server.on('error', (err) => opts.log.warn({ err }, 'inbound mail: connection error'));
  }

  /** Reads the message up to maxBytes (the rest is drained, not kept), then parses and delivers it. */
  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession, maxBytes: number): Promise<InboundVerdict> {
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (kept + chunk.length <= maxBytes) chunks.push(chunk);
      kept += chunk.length;
    }
    if (stream.sizeExceeded || kept > maxBytes) throw new SmtpReply(552, `Message too large: the limit is ${Math.floor(maxBytes / 1024 / 1024)} MB`);
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(Buffer.concat(chunks), { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: maxBytes });
    } catch {
      throw new SmtpReply(550, 'The message could not be read');
    }
    const { mailFrom, rcptTo } = session.envelope;
    const rcpt = rcptTo[0]?.address;
    if (!rcpt) throw new SmtpReply(503, 'Need a recipient');
    return this.opts.deliver({ mailFrom: mailFrom ? mailFrom.address.toLowerCase() : '', rcptTo: rcpt, remoteAddress: session.remoteAddress, parsed });
  }

  /** Starts listening; resolves with the port (useful when 0 asked for any free one). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
