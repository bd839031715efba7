import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, ciphertextLength, DecryptStream, EncryptStream, FileDecryptError, HEADER_BYTES, type FileCryptoContext } from './chunked.js';

const SEALED = CHUNK_SIZE + 16;

function context(overrides: Partial<FileCryptoContext> = {}): FileCryptoContext {
  return { dataKey: randomBytes(32), firmId: randomUUID(), objectId: randomUUID(), ...overrides };
}

/** Feeds `data` in uneven pieces so chunk boundaries never line up with writes. */
function source(data: Buffer, piece = 7919): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += piece) yield data.subarray(i, i + piece);
    })(),
  );
}

async function collect(readable: Readable, transform: EncryptStream | DecryptStream): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(readable, transform, new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
  return Buffer.concat(out);
}

async function encrypt(ctx: FileCryptoContext, plain: Buffer) {
  const enc = new EncryptStream(ctx);
  const ciphertext = await collect(source(plain), enc);
  return { ciphertext, summary: enc.summary() };
}

/** Decrypts, returning what was emitted before any failure together with the failure. */
async function decrypt(ctx: FileCryptoContext, ciphertext: Buffer, expectedSha256?: string) {
  const out: Buffer[] = [];
  let error: unknown;
  try {
    await pipeline(
      source(ciphertext, 10007),
      new DecryptStream(ctx, { expectedSha256 }),
      new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }),
    );
  } catch (err) {
    error = err;
  }
  return { plain: Buffer.concat(out), error };
}

function expectFailure(error: unknown, reason?: string) {
  expect(error).toBeInstanceOf(FileDecryptError);
  if (reason) expect((error as FileDecryptError).reason).toBe(reason);
}

describe('chunked file encryption: round trips', () => {
  for (const [name, size] of [
    ['0 bytes', 0],
    ['1 byte', 1],
    ['exactly 64 KiB', CHUNK_SIZE],
    ['64 KiB + 1', CHUNK_SIZE + 1],
    ['exactly 3 chunks', 3 * CHUNK_SIZE],
    ['~5 MB', 5 * 1024 * 1024 + 12345],
  ] as const) {
    it(`round-trips ${name}`, async () => {
      const ctx = context();
      const plain = randomBytes(size);

      const { ciphertext, summary } = await encrypt(ctx, plain);
      const { plain: back, error } = await decrypt(ctx, ciphertext, summary.sha256);

      expect(error).toBeUndefined();
      expect(back.equals(plain)).toBe(true);
      expect(summary.sha256).toBe(createHash('sha256').update(plain).digest('hex'));
      expect(summary.plaintextBytes).toBe(size);
      expect(summary.ciphertextBytes).toBe(ciphertext.length);
      expect(ciphertext.length).toBe(ciphertextLength(size));
      if (size >= 16) expect(ciphertext.includes(plain.subarray(0, 16))).toBe(false);
    });
  }

  it('gives two encryptions of the same file different ciphertexts (per-file salt)', async () => {
    const ctx = context();
    const plain = randomBytes(1000);
    const a = await encrypt(ctx, plain);
    const b = await encrypt(ctx, plain);
    expect(a.ciphertext.subarray(6, HEADER_BYTES).equals(b.ciphertext.subarray(6, HEADER_BYTES))).toBe(false);
    expect(a.ciphertext.subarray(HEADER_BYTES).equals(b.ciphertext.subarray(HEADER_BYTES))).toBe(false);
  });

  it('accepts one large write as well as many small ones', async () => {
    const ctx = context();
    const plain = randomBytes(3 * CHUNK_SIZE + 5);
    const enc = new EncryptStream(ctx);
    const ciphertext = await collect(Readable.from([plain]), enc);
    expect((await decrypt(ctx, ciphertext)).plain.equals(plain)).toBe(true);
  });
});

describe('chunked file encryption: tampering is detected', () => {
  // Three full chunks and a short final one.
  const ctx = context();
  const plain = randomBytes(3 * CHUNK_SIZE + 100);
  const encrypted = encrypt(ctx, plain);
  const chunkAt = (c: Buffer, i: number) => c.subarray(HEADER_BYTES + i * SEALED, HEADER_BYTES + (i + 1) * SEALED);

  it('detects truncation at a chunk boundary (final chunk missing)', async () => {
    const { ciphertext } = await encrypted;
    const cut = ciphertext.subarray(0, HEADER_BYTES + 3 * SEALED);
    const { error } = await decrypt(ctx, cut);
    expectFailure(error, 'authentication');
  });

  it('detects truncation inside a chunk, inside the header, and an empty body', async () => {
    const { ciphertext } = await encrypted;
    expectFailure((await decrypt(ctx, ciphertext.subarray(0, ciphertext.length - 1))).error);
    expectFailure((await decrypt(ctx, ciphertext.subarray(0, HEADER_BYTES + 10))).error, 'truncated');
    expectFailure((await decrypt(ctx, ciphertext.subarray(0, HEADER_BYTES))).error, 'truncated');
    expectFailure((await decrypt(ctx, ciphertext.subarray(0, 10))).error, 'truncated');
  });

  it('detects bytes appended after the final chunk', async () => {
    const { ciphertext } = await encrypted;
    const { error } = await decrypt(ctx, Buffer.concat([ciphertext, chunkAt(ciphertext, 0)]));
    expectFailure(error, 'authentication');
  });

  it('detects an empty file truncated to just its header', async () => {
    const c = context();
    const { ciphertext } = await encrypt(c, Buffer.alloc(0));
    expect((await decrypt(c, ciphertext)).error).toBeUndefined();
    expectFailure((await decrypt(c, ciphertext.subarray(0, HEADER_BYTES))).error, 'truncated');
  });

  it('detects reordered chunks', async () => {
    const { ciphertext } = await encrypted;
    const swapped = Buffer.concat([
      ciphertext.subarray(0, HEADER_BYTES),
      chunkAt(ciphertext, 1),
      chunkAt(ciphertext, 0),
      ciphertext.subarray(HEADER_BYTES + 2 * SEALED),
    ]);
    const { plain: emitted, error } = await decrypt(ctx, swapped);
    expectFailure(error, 'authentication');
    expect(emitted).toHaveLength(0);
  });

  it('detects a chunk spliced in from another file under the same key and object', async () => {
    const { ciphertext } = await encrypted;
    const other = (await encrypt(ctx, randomBytes(3 * CHUNK_SIZE + 100))).ciphertext;
    const spliced = Buffer.concat([
      ciphertext.subarray(0, HEADER_BYTES + SEALED),
      chunkAt(other, 1),
      ciphertext.subarray(HEADER_BYTES + 2 * SEALED),
    ]);
    const { plain: emitted, error } = await decrypt(ctx, spliced);
    expectFailure(error, 'authentication');
    expect(emitted.equals(plain.subarray(0, CHUNK_SIZE))).toBe(true);
  });

  it('detects the ciphertext moved to another object or another firm', async () => {
    const { ciphertext } = await encrypted;
    expectFailure((await decrypt({ ...ctx, objectId: randomUUID() }, ciphertext)).error, 'authentication');
    expectFailure((await decrypt({ ...ctx, firmId: randomUUID() }, ciphertext)).error, 'authentication');
    expectFailure((await decrypt({ ...ctx, dataKey: randomBytes(32) }, ciphertext)).error, 'authentication');
    // Length-prefixing keeps "ab" ‖ "c" distinct from "a" ‖ "bc".
    const c = context({ firmId: 'ab', objectId: 'c' });
    const { ciphertext: small } = await encrypt(c, randomBytes(10));
    expectFailure((await decrypt({ ...c, firmId: 'a', objectId: 'bc' }, small)).error, 'authentication');
  });

  it('detects a flipped bit anywhere, emitting nothing from the failing chunk', async () => {
    const { ciphertext } = await encrypted;
    const positions = [
      0, // magic
      4, // version
      5, // chunk size
      HEADER_BYTES - 1, // salt
      HEADER_BYTES, // first ciphertext byte
      HEADER_BYTES + CHUNK_SIZE + 3, // first chunk's tag
      HEADER_BYTES + SEALED + 500, // second chunk
      ciphertext.length - 1, // final chunk's tag
      ciphertext.length - 17, // final chunk's last ciphertext byte
    ];
    for (const pos of positions) {
      const tampered = Buffer.from(ciphertext);
      tampered[pos] = (tampered[pos] ?? 0) ^ 0x01;
      const { plain: emitted, error } = await decrypt(ctx, tampered);
      expect(error, `bit flipped at ${pos}`).toBeInstanceOf(FileDecryptError);
      const failingChunk = pos < HEADER_BYTES ? 0 : Math.floor((pos - HEADER_BYTES) / SEALED);
      // Only chunks before the failing one (each already authenticated) may have been emitted.
      expect(emitted.length, `bit flipped at ${pos}`).toBeLessThanOrEqual(failingChunk * CHUNK_SIZE);
      expect(emitted.equals(plain.subarray(0, emitted.length))).toBe(true);
    }
  });

  it('fails a stored digest that does not match', async () => {
    const { ciphertext } = await encrypted;
    const { error } = await decrypt(ctx, ciphertext, createHash('sha256').update('something else').digest('hex'));
    expectFailure(error, 'digest');
  });
});

describe('chunked file encryption: memory', () => {
  it('encrypts a generated 50 MB stream with RSS growth under 64 MB', async () => {
    const total = 50 * 1024 * 1024;
    const block = randomBytes(CHUNK_SIZE);
    let produced = 0;
    const input = new Readable({
      read() {
        if (produced >= total) return void this.push(null);
        produced += block.length;
        // A fresh buffer per read, so nothing is shared between what we give and what is retained.
        this.push(Buffer.from(block));
      },
    });
    const before = process.memoryUsage().rss;
    let peak = before;
    let written = 0;
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        written += c.length;
        const rss = process.memoryUsage().rss;
        if (rss > peak) peak = rss;
        cb();
      },
    });
    const enc = new EncryptStream(context());

    await pipeline(input, enc, sink);

    expect(enc.summary().plaintextBytes).toBe(total);
    expect(written).toBe(ciphertextLength(total));
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });
});
