/**
 * npm run verify-signed -- file.pdf — checks a signed proposal PDF against the records: "intact",
 * "altered" or "unknown" (docs/proposals.md). Uses DATABASE_URL, or the embedded database in DATA_DIR
 * like the other scripts. Exit code 0 intact, 1 altered, 2 unknown, 64 usage.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config/env.js';
import { openDatabase, queryRows } from '../src/server/db/client.js';
import { verifyPdf } from '../src/server/modules/proposals/index.js';
import type { VerificationResult } from '../src/contracts/proposals.js';

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: npm run verify-signed -- path/to/signed.pdf');
    process.exit(64);
  }
  const bytes = readFileSync(file);
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, databaseMigrationUrl: config.databaseMigrationUrl, dataDir: config.dataDir });
  try {
    // Firm by firm through row-level security, as the app would: the first firm that knows the file answers.
    const firms = await db.withoutFirm((tx) => queryRows<{ id: string }>(tx, sql`select id from firms order by created_at`));
    let answer: VerificationResult | null = null;
    for (const { id } of firms) {
      const r = await db.withFirm(id, (tx) => verifyPdf(tx, id, bytes));
      if (r.result !== 'unknown') {
        answer = r;
        break;
      }
      answer ??= r;
    }
    const r = answer ?? { result: 'unknown', message: 'UNKNOWN: there are no firms in this database.', sha256: '' };
    console.log(r.message);
    console.log(`SHA-256 of the file: ${r.sha256}`);
    process.exit(r.result === 'intact' ? 0 : r.result === 'altered' ? 1 : 2);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
