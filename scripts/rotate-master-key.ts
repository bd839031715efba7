/**
 * npm run rotate-master-key — re-wraps every firm's data key under NEW_MASTER_KEY (docs/operations.md).
 * The current key comes from MASTER_KEY (or DATA_DIR/master.key in development). Files are untouched.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/server/config/env.js';
import { openDatabase } from '../src/server/db/client.js';
import { resolveMasterKey } from '../src/server/platform/crypto/master-key.js';
import { masterKeyId } from '../src/server/platform/crypto/envelope.js';
import { rotateMasterKey } from '../src/server/modules/documents/rotate-master-key.js';

async function main() {
  const raw = process.env.NEW_MASTER_KEY;
  if (!raw || Buffer.from(raw, 'base64').length !== 32) {
    console.error('Set NEW_MASTER_KEY to 32 random bytes, base64-encoded. For example, a fresh one:');
    console.error(`  NEW_MASTER_KEY=${randomBytes(32).toString('base64')}`);
    process.exit(64);
  }
  const config = loadConfig();
  const oldKey = resolveMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir, isProduction: config.isProduction });
  const newKey = Buffer.from(raw, 'base64');
  if (masterKeyId(oldKey) === masterKeyId(newKey)) {
    console.error('NEW_MASTER_KEY is the key already in use; nothing to do.');
    process.exit(64);
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, databaseMigrationUrl: config.databaseMigrationUrl, dataDir: config.dataDir });
  try {
    const r = await rotateMasterKey(db, oldKey, newKey);
    console.log(`Re-wrapped ${r.rewrapped} firm data key(s); ${r.alreadyCurrent} already under the new key; ${r.firms} firm(s) checked.`);
    console.log('Now set MASTER_KEY to the new key (and MASTER_KEY_PREVIOUS to the old one until every instance has restarted).');
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
