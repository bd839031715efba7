/**
 * npm run restore -- <backup directory> — restores into a FRESH database and an EMPTY blob store, then
 * verifies every blob against the manifest (docs/deployment.md). Target: RESTORE_DATABASE_URL (an empty,
 * newly created database; a role that may create roles and set owners, e.g. the administrator) for a
 * PostgreSQL backup, or a new DATA_DIR for an embedded one; the blob store from BLOB_STORE/DATA_DIR/
 * AZURE_STORAGE_*. MASTER_KEY (and MASTER_KEY_PREVIOUS) are checked against the manifest's key ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/server/config/env.js';
import { createBlobStore } from '../src/server/platform/storage/blob-store.js';
import { restore } from './backup-lib.js';

async function main() {
  const fromDir = process.argv[2];
  if (!fromDir) {
    console.error('Usage: RESTORE_DATABASE_URL=postgres://admin@host/fresh_db npm run restore -- /path/to/backup-directory');
    process.exit(64);
  }
  const config = loadConfig();
  const manifest = JSON.parse(readFileSync(join(fromDir, 'manifest.json'), 'utf8')) as { database: { kind: string } };
  const url = process.env.RESTORE_DATABASE_URL;
  if (manifest.database.kind === 'postgres' && !url) {
    console.error('Set RESTORE_DATABASE_URL to a freshly created, empty database (as an administrator role).');
    process.exit(64);
  }
  const keys: Buffer[] = [];
  for (const k of [config.masterKey, config.masterKeyPrevious]) if (k) keys.push(Buffer.from(k, 'base64'));
  const devKeyFile = join(config.dataDir, 'master.key');
  if (!keys.length && existsSync(devKeyFile)) keys.push(Buffer.from(readFileSync(devKeyFile, 'utf8').trim(), 'base64'));
  await restore({
    fromDir,
    db: manifest.database.kind === 'postgres' ? { kind: 'postgres', url: url as string } : { kind: 'pglite', dataDir: config.dataDir },
    store: createBlobStore(config),
    masterKeys: keys,
    log: (line) => console.log(line),
  });
  console.log('Start the app on the restored data with the same MASTER_KEY; /readyz answers 200 once it is up.');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
