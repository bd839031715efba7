import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import { AppError } from '../../platform/errors.js';
import { endingProblem, extensionOf, incompleteRefusal, polyglotRefusal, SNIFF_BYTES, zipRefusal, type SniffResult } from './file-types.js';
import { EOCD_MAX, endsLikeZip, TailKeeper, zipProblem, zipTailBytes, type ZipLimits } from './zip-inspect.js';

/** The pieces of one streaming upload that do not touch the database: head split, guard, draining. */

export const tooLarge = (max: number) => new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the ${formatBytes(max)} limit.`, { errors: [{ path: 'file', message: 'is too large' }] });

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

/** Reads up to SNIFF_BYTES from the part, then returns them and a stream of the whole file (head included). */
export async function splitHead(file: NodeJS.ReadableStream & AsyncIterable<unknown>): Promise<{ head: Buffer; body: Readable }> {
  const it = file[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const buf = r.value as Buffer;
    parts.push(buf);
    length += buf.length;
  }
  const head = Buffer.concat(parts, length);
  const body = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value as Buffer;
      }
    })(),
    { objectMode: false },
  );
  return { head, body };
}

/**
 * Counts bytes and enforces the limit; keeps text files valid UTF-8 without NUL to the end; and at
 * the end checks the kept tail: a ZIP-based file (ZIP, DOCX/XLSX/ODT/ODS) must end in its directory
 * (EOCD record), and a ZIP's directory must pass the archive rules (entries, unpacked size,
 * encryption); any other type must not hide a ZIP archive at its end (a polyglot), and a PDF, JPEG
 * or PNG must end as a complete one does (file-types.ts endingProblem). A refusal here fails the
 * stream, so the blob written so far is deleted and no row is committed. Memory: one chunk plus the
 * kept tail (64 KiB + 22 bytes, or a ZIP's allowed directory).
 */
export class UploadGuard extends Transform {
  bytes = 0;
  private readonly decoder: TextDecoder | undefined;
  private readonly tail: TailKeeper;

  constructor(
    private readonly max: number,
    private readonly part: MultipartFile,
    private readonly sniffed: SniffResult,
    private readonly fileName: string,
    private readonly zip: ZipLimits,
  ) {
    super();
    this.decoder = sniffed.isText ? new TextDecoder('utf-8', { fatal: true }) : undefined;
    this.tail = new TailKeeper(sniffed.isZip ? zipTailBytes(zip) : EOCD_MAX);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max || this.part.file.truncated) return cb(tooLarge(this.max));
    if (this.decoder) {
      if (chunk.includes(0)) return cb(new AppError('UNPROCESSABLE', 'The file is not plain text: it contains NUL bytes.'));
      try {
        this.decoder.decode(chunk, { stream: true });
      } catch {
        return cb(new AppError('UNPROCESSABLE', 'The file is not valid UTF-8 text.'));
      }
    }
    this.tail.push(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.part.file.truncated) return cb(tooLarge(this.max));
    if (this.bytes === 0) return cb(new AppError('UNPROCESSABLE', 'The file is empty.'));
    if (this.decoder) {
      try {
        this.decoder.decode();
      } catch {
        return cb(new AppError('UNPROCESSABLE', 'The file is not valid UTF-8 text.'));
      }
    }
    const tail = this.tail.tail();
    if (this.sniffed.ending === 'zip') {
      // Only a local-file header (or a cut-off archive) has no directory at its end.
      if (!endsLikeZip(tail)) return cb(incompleteRefusal(this.sniffed.label));
      if (this.sniffed.isZip) {
        const problem = zipProblem(tail, this.bytes, this.zip);
        if (problem) return cb(zipRefusal(problem));
      }
    } else if (endsLikeZip(tail)) {
      return cb(polyglotRefusal(extensionOf(this.fileName)));
    } else {
      const problem = endingProblem(this.sniffed.ending, tail, this.sniffed.label);
      if (problem) return cb(problem);
    }
    cb();
  }
}

/** Lets the rest of the request flow past, so the client gets its answer instead of a stalled upload. */
export function drain(part: MultipartFile): void {
  part.file.resume();
}

export function fieldValue(part: MultipartFile, name: string): string | undefined {
  const f = part.fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
}
