import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migratePostgres, migrationsFolder } from '../src/server/db/client.js';
import { adminUrl, RUNTIME_ROLE, withDatabase } from './pg-urls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
  }
}

/**
 * Migrates once per run. PGlite: a migrated data dir is dumped to a file that each test file
 * loads (~0.5 s instead of ~2 s). PostgreSQL (TEST_DATABASE_URL): a migrated template database
 * that each test file clones into a fresh database of its own.
 */
export default async function setup(project: TestProject) {
  buildWebIfStale();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `ll_tmpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`create database ${template}`);
    await admin.end();
    await migratePostgres(withDatabase(url, template));
    const c = new pg.Client({ connectionString: withDatabase(url, template) });
    await c.connect();
    await c.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${RUNTIME_ROLE}') then
        create role ${RUNTIME_ROLE} login nosuperuser nobypassrls in role ll_app;
      end if; end $$`);
    await c.end();
    project.provide('pgTemplate', template);
    project.provide('pgliteSnapshot', '');
    return async () => {
      const a = new pg.Client({ connectionString: adminUrl(url) });
      await a.connect();
      const res = await a.query<{ datname: string }>(`select datname from pg_database where datname like 'll_t_${process.pid}_%' or datname = $1`, [template]);
      for (const r of res.rows) await a.query(`drop database if exists ${r.datname} with (force)`);
      await a.end();
    };
  }
  const client = new PGlite();
  await migrate(drizzle(client), { migrationsFolder });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const file = join(mkdtempSync(join(tmpdir(), 'll-test-')), 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  project.provide('pgTemplate', '');
  return undefined;
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Browser tests run against the built SPA; build it when missing or older than its sources. */
function buildWebIfStale() {
  const index = join('dist', 'web', 'index.html');
  if (existsSync(index) && newest(join('src', 'web')) <= statSync(index).mtimeMs && newest(join('src', 'contracts')) <= statSync(index).mtimeMs) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}
