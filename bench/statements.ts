import type { Database } from '../src/server/db/client.js';

/** How many SQL statements one authenticated GET costs (the drizzle logger's count before and after). */
export async function statementsFor(db: Database, base: string, path: string, cookie: string): Promise<number> {
  const before = db.queryCount();
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
  return db.queryCount() - before;
}
