import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { LocalBlobStore, newStorageKey } from './blob-store.js';
import { blobStoreContract } from './blob-store.contract.js';

describe('LocalBlobStore', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'll-blobs-'));
  const store = new LocalBlobStore(dataDir);

  blobStoreContract(() => store);

  it('keeps blobs under DATA_DIR/blobs, private to the server user, with no temp files left', async () => {
    const key = newStorageKey(randomUUID());
    await store.put(key, Readable.from([Buffer.from('sealed')]));

    const file = join(dataDir, 'blobs', ...key.split('/'));
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dataDir, 'blobs', '.tmp'))).toEqual([]);
  });

  it('never shows a half-written blob: nothing is visible under the key until the rename', async () => {
    const key = newStorageKey(randomUUID());
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow = Readable.from(
      (async function* () {
        yield Buffer.alloc(1000, 1);
        await gate;
        yield Buffer.alloc(1000, 2);
      })(),
    );

    const writing = store.put(key, slow);
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.exists(key)).toBe(false);
    expect(readdirSync(join(dataDir, 'blobs', '.tmp')).length).toBe(1);
    release();
    await writing;

    expect(await buffer(store.get(key))).toHaveLength(2000);
    expect(readdirSync(join(dataDir, 'blobs', '.tmp'))).toEqual([]);
  });

  it('does not list temp files or stray files whose names are not storage keys', async () => {
    const firm = randomUUID();
    const key = newStorageKey(firm);
    await store.put(key, Readable.from([Buffer.from('x')]));
    writeFileSync(join(dataDir, 'blobs', 'firms', firm, 'Stray.TXT'), 'x');
    writeFileSync(join(dataDir, 'blobs', '.tmp', 'left-over.part'), 'x');

    const keys: string[] = [];
    for await (const info of store.list('')) keys.push(info.key);

    expect(keys).toContain(key);
    expect(keys.some((k) => /stray|\.tmp|left-over/i.test(k))).toBe(false);
  });
});
