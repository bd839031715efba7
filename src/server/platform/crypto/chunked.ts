import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Chunked streaming AEAD for files (DESIGN.md "Files and encryption at rest").
 *
 * Format v1:
 *   header  = "LLEF" (4) ‖ version 0x01 (1) ‖ log2(chunk size) = 16 (1) ‖ salt (16)      — 22 bytes
 *   chunk i = AES-256-GCM(fileKey, nonce_i, plaintext_i) ‖ tag (16)
 * Every chunk but the last holds exactly 64 KiB of plaintext; the last holds 0..64 KiB (an empty
 * file is one empty final chunk).
 *   fileKey ‖ noncePrefix = HKDF-SHA256(dataKey, salt, "ledger-loom/file/v1") → 32 + 4 bytes
 *   nonce_i  = noncePrefix (4) ‖ uint64be(i)
 *   AAD_i    = header ‖ len‖firmId ‖ len‖objectId ‖ uint64be(i) ‖ final flag (1)
 * The random per-file salt gives each file its own key, so counter nonces never repeat under a key.
 * Binding the header, firm, object, index and final flag into each tag is what makes truncation,
 * reordering, splicing between files and moving ciphertext to another object or firm fail.
 */

export const CHUNK_SIZE = 64 * 1024;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const SEALED_CHUNK = CHUNK_SIZE + TAG_BYTES;
const MAGIC = Buffer.from('LLEF', 'ascii');
const VERSION = 1;
const CHUNK_LOG2 = 16;
export const HEADER_BYTES = MAGIC.length + 2 + SALT_BYTES;
const HKDF_INFO = Buffer.from('ledger-loom/file/v1', 'utf8');

export interface FileCryptoContext {
  /** The firm's 32-byte data key (unwrapped from envelope.ts). */
  dataKey: Buffer;
  firmId: string;
  /** The document (or other object) the ciphertext belongs to. */
  objectId: string;
}

export type FileDecryptFailure = 'header' | 'truncated' | 'authentication' | 'digest';

/** Decryption failed: the ciphertext is damaged, truncated, reordered, spliced or moved. Never serve it. */
export class FileDecryptError extends Error {
  constructor(
    readonly reason: FileDecryptFailure,
    message: string,
  ) {
    super(message);
    this.name = 'FileDecryptError';
  }
}

function deriveFileKey(dataKey: Buffer, salt: Buffer): { key: Buffer; noncePrefix: Buffer } {
  if (dataKey.length !== 32) throw new Error('data key must be 32 bytes');
  const okm = Buffer.from(hkdfSync('sha256', dataKey, salt, HKDF_INFO, 36));
  return { key: okm.subarray(0, 32), noncePrefix: okm.subarray(32) };
}

function lengthPrefixed(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

class ChunkSealer {
  private readonly key: Buffer;
  private readonly noncePrefix: Buffer;
  private readonly aadPrefix: Buffer;

  constructor(ctx: FileCryptoContext, header: Buffer) {
    const salt = header.subarray(HEADER_BYTES - SALT_BYTES, HEADER_BYTES);
    ({ key: this.key, noncePrefix: this.noncePrefix } = deriveFileKey(ctx.dataKey, salt));
    this.aadPrefix = Buffer.concat([header, lengthPrefixed(ctx.firmId), lengthPrefixed(ctx.objectId)]);
  }

  private nonceAndAad(index: bigint, final: boolean): { nonce: Buffer; aad: Buffer } {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(index);
    return {
      nonce: Buffer.concat([this.noncePrefix, counter]),
      aad: Buffer.concat([this.aadPrefix, counter, Buffer.from([final ? 1 : 0])]),
    };
  }

  seal(index: bigint, final: boolean, plaintext: Buffer): Buffer {
    const { nonce, aad } = this.nonceAndAad(index, final);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  /** Returns the plaintext only once its tag has verified; nothing from a failing chunk escapes. */
  open(index: bigint, final: boolean, sealed: Buffer): Buffer {
    const { nonce, aad } = this.nonceAndAad(index, final);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([body, decipher.final()]);
    } catch {
      body.fill(0);
      throw new FileDecryptError('authentication', `chunk ${index} failed authentication`);
    }
  }
}

/** A byte queue that only concatenates when a full chunk is needed, so memory stays ~one chunk. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;

  push(buf: Buffer): void {
    if (buf.length === 0) return;
    this.parts.push(buf);
    this.length += buf.length;
  }

  take(n: number): Buffer {
    const all = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.length);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.parts = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return out;
  }
}

function toBuffer(chunk: unknown, encoding: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding);
  throw new TypeError('expected bytes');
}

export interface EncryptSummary {
  /** Hex SHA-256 of the plaintext. */
  sha256: string;
  plaintextBytes: number;
  ciphertextBytes: number;
}

/**
 * Encrypts a plaintext stream; also hashes the plaintext. `summary()` is available after 'end'
 * (or after `pipeline(...)` resolves).
 */
export class EncryptStream extends Transform {
  private readonly sealer: ChunkSealer;
  private readonly header: Buffer;
  private readonly pending = new ByteQueue();
  private readonly hash: Hash = createHash('sha256');
  private index = 0n;
  private headerSent = false;
  private plaintextBytes = 0;
  private ciphertextBytes = 0;
  private result: EncryptSummary | undefined;

  constructor(ctx: FileCryptoContext) {
    super();
    this.header = Buffer.concat([MAGIC, Buffer.from([VERSION, CHUNK_LOG2]), randomBytes(SALT_BYTES)]);
    this.sealer = new ChunkSealer(ctx, this.header);
  }

  private pushCiphertext(buf: Buffer): void {
    if (!this.headerSent) {
      this.headerSent = true;
      this.pushCiphertext(this.header);
    }
    this.ciphertextBytes += buf.length;
    this.push(buf);
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const buf = toBuffer(chunk, encoding);
      this.hash.update(buf);
      this.plaintextBytes += buf.length;
      this.pending.push(buf);
      // Hold back the last full chunk until more arrives: only then do we know it is not final.
      while (this.pending.length > CHUNK_SIZE) {
        this.pushCiphertext(this.sealer.seal(this.index, false, this.pending.take(CHUNK_SIZE)));
        this.index += 1n;
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.pushCiphertext(this.sealer.seal(this.index, true, this.pending.take(this.pending.length)));
      this.result = { sha256: this.hash.digest('hex'), plaintextBytes: this.plaintextBytes, ciphertextBytes: this.ciphertextBytes };
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  summary(): EncryptSummary {
    if (!this.result) throw new Error('encryption has not finished');
    return this.result;
  }
}

export interface DecryptOptions {
  /** If given, the plaintext's SHA-256 (hex) is checked at the end and a mismatch fails the stream. */
  expectedSha256?: string;
}

/**
 * Decrypts a stream written by EncryptStream. Each chunk is emitted only after its tag verifies; any
 * failure destroys the stream with a FileDecryptError.
 */
export class DecryptStream extends Transform {
  private readonly ctx: FileCryptoContext;
  private sealer: ChunkSealer | undefined;
  private readonly pending = new ByteQueue();
  private readonly hash: Hash = createHash('sha256');
  private index = 0n;

  constructor(
    ctx: FileCryptoContext,
    private readonly opts: DecryptOptions = {},
  ) {
    super();
    this.ctx = ctx;
  }

  private readHeader(): boolean {
    if (this.sealer) return true;
    if (this.pending.length < HEADER_BYTES) return false;
    const header = this.pending.take(HEADER_BYTES);
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new FileDecryptError('header', 'not an encrypted file');
    if (header[4] !== VERSION || header[5] !== CHUNK_LOG2) throw new FileDecryptError('header', 'unsupported file format');
    this.sealer = new ChunkSealer(this.ctx, Buffer.from(header));
    return true;
  }

  private emitPlain(plain: Buffer): void {
    this.hash.update(plain);
    this.push(plain);
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.pending.push(toBuffer(chunk, encoding));
      if (!this.readHeader()) return callback();
      // A full sealed chunk is non-final only if more bytes follow it.
      while (this.sealer && this.pending.length > SEALED_CHUNK) {
        this.emitPlain(this.sealer.open(this.index, false, this.pending.take(SEALED_CHUNK)));
        this.index += 1n;
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.readHeader() || !this.sealer) throw new FileDecryptError('truncated', 'file ends inside its header');
      if (this.pending.length < TAG_BYTES) throw new FileDecryptError('truncated', 'file ends before its final chunk');
      this.emitPlain(this.sealer.open(this.index, true, this.pending.take(this.pending.length)));
      if (this.opts.expectedSha256 !== undefined) {
        const actual = this.hash.digest();
        const expected = Buffer.from(this.opts.expectedSha256, 'hex');
        if (expected.length !== actual.length || !timingSafeEqual(actual, expected)) {
          throw new FileDecryptError('digest', 'plaintext SHA-256 does not match the stored digest');
        }
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }
}

/** The ciphertext size for a plaintext of `plaintextBytes` (for size checks after upload). */
export function ciphertextLength(plaintextBytes: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextBytes / CHUNK_SIZE));
  return HEADER_BYTES + plaintextBytes + chunks * TAG_BYTES;
}
