import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The master key wraps the per-firm data keys (envelope encryption, DESIGN.md). Production must
 * supply MASTER_KEY; development generates one into DATA_DIR/master.key (mode 0600) on first start.
 */
export function resolveMasterKey(opts: { masterKey: string | undefined; dataDir: string; isProduction: boolean }): Buffer {
  if (opts.masterKey) return Buffer.from(opts.masterKey, 'base64');
  if (opts.isProduction) throw new Error('MASTER_KEY is required in production');
  const file = join(opts.dataDir, 'master.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold 32 base64-encoded bytes`);
    return key;
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}
