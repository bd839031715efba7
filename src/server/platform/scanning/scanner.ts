import { connect, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors.js';

/**
 * The virus-scanning hook: a pass-through stream that sees every plaintext byte of an upload and
 * fails the upload if the scanner finds something (DESIGN.md "Files"). With no scanner configured
 * documents are stored as "not scanned".
 */
export interface Scanner {
  readonly name: string;
  /** A fresh pass-through for one file; it errors with an AppError when the file is refused or cannot be checked. */
  createStream(): Transform;
}

export const scannerUnavailable = () =>
  new AppError('UNAVAILABLE', 'The virus scanner is not answering, so the file was not stored. Please try again in a few minutes.');

/**
 * clamd's INSTREAM command over TCP: `zINSTREAM\0`, then chunks each prefixed with a 4-byte
 * big-endian length, then a zero length; clamd answers `stream: OK` or `stream: <name> FOUND`.
 * clamd's StreamMaxLength must be at least the upload limit, or large files are refused.
 */
export class ClamAvScanner implements Scanner {
  readonly name = 'clamav';

  constructor(private readonly opts: { host: string; port: number; timeoutMs?: number }) {}

  createStream(): Transform {
    return new ClamAvStream(this.opts.host, this.opts.port, this.opts.timeoutMs ?? 30_000);
  }
}

class ClamAvStream extends Transform {
  private readonly socket: Socket;
  private reply = '';
  private ended = false;
  private failure: Error | undefined;
  private readonly connected: Promise<void>;

  constructor(host: string, port: number, timeoutMs: number) {
    super();
    this.socket = connect({ host, port });
    this.socket.setTimeout(timeoutMs);
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => {
        this.socket.write('zINSTREAM\0');
        resolve();
      });
      this.socket.once('error', reject);
    });
    this.connected.catch(() => {});
    this.socket.on('data', (d: Buffer) => (this.reply += d.toString('latin1')));
    this.socket.on('timeout', () => this.socket.destroy(new Error('clamd timed out')));
    this.socket.on('error', (err) => (this.failure ??= err));
    this.socket.on('close', () => (this.ended = true));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.connected.then(
      () => {
        if (this.failure || this.ended) return cb(this.verdictError() ?? scannerUnavailable());
        const header = Buffer.alloc(4);
        header.writeUInt32BE(chunk.length);
        this.socket.write(header);
        // Wait for clamd to take the chunk before passing it on: memory stays bounded by one chunk.
        if (this.socket.write(chunk)) cb(null, chunk);
        else this.socket.once('drain', () => cb(null, chunk));
      },
      () => cb(scannerUnavailable()),
    );
  }

  override _flush(cb: TransformCallback): void {
    this.connected.then(
      () => {
        if (this.failure && !this.reply) return cb(scannerUnavailable());
        this.socket.end(Buffer.alloc(4));
        const finish = () => cb(this.verdictError());
        if (this.ended) finish();
        else this.socket.once('close', finish);
      },
      () => cb(scannerUnavailable()),
    );
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.socket.destroy();
    cb(err);
  }

  /** null for a clean verdict, else the error to fail the upload with. */
  private verdictError(): Error | null {
    const text = this.reply.replace(/\0/g, '').trim();
    if (/^stream: OK$/.test(text)) return null;
    const found = /^stream: (.+) FOUND$/.exec(text);
    if (found) return new AppError('UNPROCESSABLE', `The virus scanner found ${found[1]} in this file, so it was not stored.`, { errors: [{ path: 'file', message: 'contains a virus' }] });
    return scannerUnavailable();
  }
}

export function createScanner(config: { clamav: { host: string; port: number } | undefined }): Scanner | undefined {
  return config.clamav ? new ClamAvScanner(config.clamav) : undefined;
}
