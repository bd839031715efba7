import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/client.js';
import type { TestApp } from '../harness.js';

/**
 * Shared pieces for the fuzz suites (test/fuzz/*.fuzz.int.test.ts): the seed, a per-request
 * timeout, a cheap fingerprint of everything stored, and fast-check arbitraries for JSON schemas
 * and hostile values.
 */

/** One seed per run, printed; FUZZ_SEED=<n> replays a run. */
export function fuzzSeed(suite: string): number {
  const fromEnv = process.env.FUZZ_SEED;
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) | 0 : (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) | 0;
  console.log(`[fuzz:${suite}] seed=${seed} (replay with FUZZ_SEED=${seed})`);
  return seed;
}

export class Hang extends Error {}

/** Rejects with Hang when the request takes longer than `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Hang(`no answer within ${ms} ms: ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every stored row, cheaply: per table its row count and the newest xmin (the transaction that
 * last inserted or updated a row). Any committed insert, update or delete changes one of them.
 * `skip` lists tables that legitimately change on a refused request (sessions' idle clock, rate
 * limit counters).
 */
export async function makeFingerprint(t: TestApp, skip: readonly string[]) {
  const tables = (await queryRows<{ table_name: string }>(t.db.owner, sql`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`))
    .map((r) => r.table_name)
    .filter((n) => !skip.includes(n));
  const query = sql.join(
    tables.map((name) => sql`select ${name}::text as t, count(*)::int as n, coalesce(max(xmin::text::bigint), 0)::text as x from ${sql.identifier(name)}`),
    sql` union all `,
  );
  return {
    tables,
    /**
     * The next transaction id PostgreSQL would assign. Read-only work assigns none, so while it
     * stands still nothing was written anywhere and a full fingerprint can be skipped.
     */
    async nextXid(): Promise<string> {
      const [row] = await queryRows<{ x: string }>(t.db.owner, sql`select pg_snapshot_xmax(pg_current_snapshot())::text as x`);
      return row?.x ?? '';
    },
    async take(): Promise<Map<string, string>> {
      const rows = await queryRows<{ t: string; n: number; x: string }>(t.db.owner, query);
      return new Map(rows.map((r) => [r.t, `${r.n}/${r.x}`]));
    },
  };
}

export function fingerprintDiff(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(`${k}: ${v} -> ${b.get(k)}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

const LONG = 'A'.repeat(70_000);
export const hostileStrings: string[] = [
  '', ' ', '\t\n', 'x\u0000y', '\u0000', '\uD800', '\uDFFF\uD800', '😀'.repeat(300), '\u202Eevil', 'e\u0301', '\u200B', 'Ａｄｍｉｎ',
  '<script>alert(1)</script>', "'; drop table clients;--", '" or 1=1 --', '../../etc/passwd', '..%2f..%2f', '%00', '%zz', '${7*7}', '{{7*7}}',
  'null', 'undefined', 'NaN', 'Infinity', '-Infinity', '-0', '1e308', '-1e308', '9'.repeat(400), '0x10', '2026-02-30', '0000-00-00', '9999-12-31T99:99:99Z',
  'true', '[]', '{}', '__proto__', 'constructor', 'prototype', 'a@b', '@', 'a'.repeat(65) + '@example.com', 'x@' + 'y'.repeat(300) + '.com',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid', LONG, 'ünïcødé ✓ 漢字 עברית',
];
export const hostileNumbers: number[] = [0, -0, -1, 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 53) - 2, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 63, 0.1, 1.5, 5e-324, 99_999_999_999];

/** A value nested `depth` levels deep. */
export const deep = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...hostileNumbers) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], [[[]]], { '': '' }, deep(60), deep(2000), Array.from({ length: 5000 }, (_, i) => i)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Whole request bodies that are not what any route wants, as raw bytes or JSON text. */
export const rawBodies: (string | Buffer)[] = [
  '', ' ', 'null', '{', '{"a":', '[', '"str"', '1', 'true', '[]', '{}}', '{"a":1,"a":2}', '{"x":1e999}', '1' + '0'.repeat(400),
  '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '['.repeat(20_000) + ']'.repeat(20_000),
  '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  Buffer.from('{"name":"\xc3\x28"}', 'latin1'), '{"a":"\\ud800"}', '{"a":"\\u0000"}', JSON.stringify({ a: 'A'.repeat(1_100_000) }),
];

// ---------------------------------------------------------------------------------------------
// JSON schema (as found in the OpenAPI document) to fast-check arbitrary: just enough of it.

export type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; const?: unknown;
  anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; format?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  minLength?: number; maxLength?: number; minItems?: number; maxItems?: number; pattern?: string; additionalProperties?: boolean | Schema; $ref?: string; default?: unknown;
};

export interface IdPool {
  /** Real ids of the fuzzing firm, other firms' ids, random uuids. */
  uuid: fc.Arbitrary<string>;
}

export function fromSchema(s: Schema | undefined, pool: IdPool, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf ?? []).map((x) => fromSchema(x, pool, depth + 1)));
  if (s.allOf?.length) return fromSchema(Object.assign({}, ...s.allOf), pool, depth + 1);
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((ty) => fromSchema({ ...s, type: ty }, pool, depth + 1)));
  switch (type[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Math.max(min, 0) + 100_000);
      return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
    }
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'string':
      return stringFor(s, pool);
    case 'array': {
      const minLength = s.minItems ?? 0;
      return fc.array(fromSchema(s.items, pool, depth + 1), { minLength, maxLength: Math.min(s.maxItems ?? minLength + 3, minLength + 3) });
    }
    case 'object':
    default: {
      if (!s.properties) return s.type === 'object' ? fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) : fc.jsonValue({ maxDepth: 2 });
      const req = new Set(s.required ?? []);
      const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, fromSchema(v, pool, depth + 1)]));
      return fc.record(props, { requiredKeys: Object.keys(props).filter((k) => req.has(k)) });
    }
  }
}

function stringFor(s: Schema, pool: IdPool): fc.Arbitrary<string> {
  const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
  switch (s.format) {
    case 'uuid':
      return pool.uuid;
    case 'email':
      return fc.oneof(fc.emailAddress(), fc.constant('person@example.com'));
    case 'date':
      return day.map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return day.map((d) => d.toISOString());
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  if (s.pattern) {
    // Common shapes in this API: ISO dates, cents, short codes. Anything else: a plain string (it is the validator's to refuse).
    if (s.pattern.includes('\\d{4}-\\d{2}-\\d{2}') || s.pattern.includes('[0-9]{4}-[0-9]{2}-[0-9]{2}')) return day.map((d) => d.toISOString().slice(0, 10));
    if (/^\^\\d\+\$$|^\^\[0-9\]\+\$$/.test(s.pattern)) return fc.nat().map(String);
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? minLength + 40, minLength + 60);
  return fc.string({ minLength, maxLength, unit: fc.constantFrom(...'abcdefghij KLMNOP-_.,0123456789éü漢😀\n'.split('')) });
}

/** Replaces one value somewhere inside `v` with `hostile` (or adds an extra field), chosen by `pick`. */
export function mutate(v: unknown, hostile: unknown, pick: number, extraKey: string): unknown {
  const paths: (string | number)[][] = [];
  const walk = (x: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (paths.length > 200) return;
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i]));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...path, k]);
  };
  walk(v, []);
  const path = paths[pick % paths.length] ?? [];
  const clone = structuredClone(v) as unknown;
  if (path.length === 0) {
    if (clone && typeof clone === 'object' && !Array.isArray(clone) && pick % 3 === 0) return { ...(clone as object), [extraKey]: hostile };
    return hostile;
  }
  let parent = clone as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = hostile;
  return clone;
}
