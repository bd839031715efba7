import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { expect, it } from 'vitest';
import { BlobNotFoundError, newStorageKey, type BlobInfo, type BlobStore } from './blob-store.js';

/** Behaviour every BlobStore must have; each implementation's test file runs it against a real store. */
export function blobStoreContract(store: () => BlobStore): void {
  async function listAll(prefix: string): Promise<BlobInfo[]> {
    const out: BlobInfo[] = [];
    for await (const info of store().list(prefix)) out.push(info);
    return out;
  }

  function pieces(data: Buffer, size = 65_537): Readable {
    return Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
      })(),
    );
  }

  it('stores and streams back bytes, reporting the size', async () => {
    const key = newStorageKey(randomUUID());
    const data = randomBytes(5 * 1024 * 1024 + 3);

    const { bytes } = await store().put(key, pieces(data));

    expect(bytes).toBe(data.length);
    expect(await store().exists(key)).toBe(true);
    expect((await buffer(store().get(key))).equals(data)).toBe(true);
  });

  it('stores an empty blob', async () => {
    const key = newStorageKey(randomUUID());
    expect(await store().put(key, Readable.from([]))).toEqual({ bytes: 0 });
    expect(await store().exists(key)).toBe(true);
    expect(await buffer(store().get(key))).toHaveLength(0);
  });

  it('reports a missing blob as BlobNotFoundError, and exists() as false', async () => {
    const key = newStorageKey(randomUUID());
    expect(await store().exists(key)).toBe(false);
    await expect(buffer(store().get(key))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('deletes, and deleting again is harmless', async () => {
    const key = newStorageKey(randomUUID());
    await store().put(key, Readable.from([Buffer.from('x')]));
    await store().delete(key);
    expect(await store().exists(key)).toBe(false);
    await expect(store().delete(key)).resolves.toBeUndefined();
  });

  it('lists by prefix, with sizes and times', async () => {
    const firmA = randomUUID();
    const firmB = randomUUID();
    const a1 = newStorageKey(firmA);
    const a2 = newStorageKey(firmA);
    const b1 = newStorageKey(firmB);
    const start = Date.now() - 60_000;
    await store().put(a1, Readable.from([Buffer.alloc(10)]));
    await store().put(a2, Readable.from([Buffer.alloc(20)]));
    await store().put(b1, Readable.from([Buffer.alloc(30)]));

    const listed = await listAll(`firms/${firmA}/`);

    expect(listed.map((i) => i.key).sort()).toEqual([a1, a2].sort());
    expect(listed.find((i) => i.key === a2)?.bytes).toBe(20);
    for (const info of listed) expect(info.lastModified.getTime()).toBeGreaterThan(start);
    expect((await listAll(`firms/${firmB.slice(0, 8)}`)).map((i) => i.key)).toEqual([b1]);
    expect((await listAll('firms/')).map((i) => i.key)).toEqual(expect.arrayContaining([a1, a2, b1]));
  });

  it('leaves no blob when the source stream fails part way', async () => {
    const key = newStorageKey(randomUUID());
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(100_000);
        throw new Error('connection cut');
      })(),
    );

    await expect(store().put(key, failing)).rejects.toThrow(/connection cut/);

    expect(await store().exists(key)).toBe(false);
    expect(await listAll(key.slice(0, key.lastIndexOf('/') + 1))).toEqual([]);
  });

  it('refuses keys that could escape the store or were not generated', async () => {
    const bad = ['../x', 'firms/../../etc/passwd', '/etc/passwd', 'a\\b', 'A/B', 'a//b', 'a/', '', '.tmp/x', 'a/./b', 'a b', 'é'];
    for (const key of bad) {
      await expect(store().put(key, Readable.from([Buffer.from('x')])), key).rejects.toThrow(/invalid blob key/);
      expect(() => store().get(key), key).toThrow(/invalid blob key/);
      await expect(store().exists(key), key).rejects.toThrow(/invalid blob key/);
      await expect(store().delete(key), key).rejects.toThrow(/invalid blob key/);
    }
    await expect(listAll('../')).rejects.toThrow(/invalid blob prefix/);
  });
}
