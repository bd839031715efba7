import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobStore, BlobStoreUnavailableError, newStorageKey } from './blob-store.js';
import { blobStoreContract } from './blob-store.contract.js';

/** Azurite's published development account (not a secret: it is in Microsoft's docs). */
const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const connectionString = (port: number) =>
  `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;

/** Starts Azurite (blob only, in memory) on a port it picks; resolves with the port or the reason it could not start. */
async function startAzurite(): Promise<{ child: ChildProcess; port: number } | { reason: string }> {
  const bin = join(process.cwd(), 'node_modules', '.bin', 'azurite-blob');
  if (!existsSync(bin)) return { reason: `${bin} is not installed` };
  const child = spawn(
    bin,
    ['--skipApiVersionCheck', '--disableTelemetry', '--inMemoryPersistence', '--extentMemoryLimit', '512', '--blobHost', '127.0.0.1', '--blobPort', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      resolve({ reason: `Azurite did not start within 20 s: ${output.trim()}` });
    }, 20_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ reason: `Azurite could not be spawned: ${err.message}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ reason: `Azurite exited with ${code}: ${output.trim()}` });
    });
  });
}

const azurite = await startAzurite();
const started = 'port' in azurite;
if (!started) {
  // Written reason for the skip; CI sets REQUIRE_AZURITE=1 so a broken Azurite cannot hide.
  console.warn(`Skipping AzureBlobStore tests: ${azurite.reason}`);
}

describe('Azurite is available when required', () => {
  it.runIf(process.env.REQUIRE_AZURITE === '1')('started Azurite', () => {
    expect(started ? 'started' : azurite.reason).toBe('started');
  });
});

describe.skipIf(!started)('AzureBlobStore against Azurite', () => {
  let store: AzureBlobStore;

  beforeAll(() => {
    if (!('port' in azurite)) return;
    store = new AzureBlobStore({ connectionString: connectionString(azurite.port), container: `ll-test-${randomUUID()}`, bufferSize: 1024 * 1024 });
  });

  afterAll(() => {
    if ('child' in azurite) azurite.child.kill();
  });

  blobStoreContract(() => store);

  it('creates its container on first use', async () => {
    if (!('port' in azurite)) return;
    const fresh = new AzureBlobStore({ connectionString: connectionString(azurite.port), container: `ll-test-${randomUUID()}` });
    const key = newStorageKey(randomUUID());
    await fresh.put(key, Readable.from([randomBytes(10)]));
    expect(await fresh.exists(key)).toBe(true);
  });

  it('reports an unreachable service as BlobStoreUnavailableError', async () => {
    const down = new AzureBlobStore({ connectionString: connectionString(1), container: 'll-test-down', maxTries: 1 });
    await expect(down.exists(newStorageKey(randomUUID()))).rejects.toBeInstanceOf(BlobStoreUnavailableError);
    await expect(down.put(newStorageKey(randomUUID()), Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      BlobStoreUnavailableError,
    );
  });
});
