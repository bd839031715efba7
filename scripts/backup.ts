/**
 * npm run backup -- <new directory> — database dump + blob store copy + manifest (docs/deployment.md).
 * Same settings as the app (DATABASE_URL / DATA_DIR, BLOB_STORE, AZURE_STORAGE_*). On PostgreSQL the
 * dump needs a role that can read every row despite row-level security: BACKUP_DATABASE_URL (a
 * superuser or a BYPASSRLS role), else DATABASE_MIGRATION_URL. The master key is never written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/server/config/env.js';
import { createBlobStore } from '../src/server/platform/storage/blob-store.js';
import { backup } from './backup-lib.js';

async function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('Usage: npm run backup -- /path/to/new-backup-directory');
    process.exit(64);
  }
  const config = loadConfig();
  const url = process.env.BACKUP_DATABASE_URL ?? config.databaseMigrationUrl ?? config.databaseUrl;
  const devKeyFile = join(config.dataDir, 'master.key');
  const masterKey = config.masterKey ? Buffer.from(config.masterKey, 'base64') : undefined;
  await backup({
    outDir,
    db: url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: config.dataDir },
    store: createBlobStore(config),
    masterKey,
    log: (line) => console.log(line),
  });
  if (!config.masterKey && existsSync(devKeyFile)) {
    console.log(`Note: the development master key ${devKeyFile} is NOT in the backup; keep a copy of it elsewhere, or the backup cannot be read.`);
  }
  console.log('The backup holds no master key. Without MASTER_KEY (from the secret store) it cannot be read.');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
