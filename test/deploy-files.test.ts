import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/server/config/env.js';

/**
 * The self-hosting files (Dockerfile, compose.yaml, deploy/) cannot be run here, so this parses them
 * and checks what would break them: services and wiring, that every app variable is one the config
 * reads, that production validation accepts the compose environment, ports, health checks, and that
 * no secret is baked in.
 */

/** Every variable the Zod schema in src/server/config/env.ts reads (the only reader of process.env). */
function configVariables(): Set<string> {
  const src = readFileSync('src/server/config/env.ts', 'utf8');
  const body = src.slice(src.indexOf('const envSchema'), src.indexOf('.superRefine('));
  return new Set([...body.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string));
}

interface Instruction { op: string; args: string; stage: number }

/** Dockerfile instructions with line continuations joined and comments dropped; stage = index of the FROM above. */
function dockerfile(): Instruction[] {
  const lines = readFileSync('Dockerfile', 'utf8').split('\n');
  const out: Instruction[] = [];
  let buf = '';
  let stage = -1;
  for (const raw of lines) {
    const line = raw.trim();
    if (!buf && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      buf += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (buf + line).trim();
    buf = '';
    const m = /^([A-Za-z]+)\s+(.*)$/s.exec(full);
    if (!m) throw new Error(`Dockerfile: cannot parse ${JSON.stringify(full)}`);
    const op = (m[1] as string).toUpperCase();
    if (op === 'FROM') stage++;
    out.push({ op, args: m[2] as string, stage });
  }
  return out;
}

type Service = { image?: string; build?: unknown; environment?: Record<string, string>; ports?: string[]; volumes?: string[]; healthcheck?: { test: string[] | string }; depends_on?: Record<string, unknown>; command?: string[] };
const compose = parse(readFileSync('compose.yaml', 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const app = compose.services.app as Service;
const appEnv = app.environment ?? {};

/** Compose's ${VAR}, ${VAR:?msg}, ${VAR:-default} interpolation, from deploy/compose.env.example with the blanks filled. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`compose.yaml uses \${${name}}, which deploy/compose.env.example does not list`);
    return vars[name] as string;
  });
}
function exampleVars(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync('deploy/compose.env.example', 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1] as string] = m[2] || (m[1]?.endsWith('KEY') ? randomBytes(32).toString('base64') : randomBytes(12).toString('hex'));
  }
  return vars;
}

/** The app's environment as Compose would hand it over, from the example .env. */
const resolved = (() => {
  const vars = exampleVars();
  return Object.fromEntries(Object.entries(appEnv).map(([k, v]) => [k, interpolate(String(v), vars)]));
})();

describe('compose.yaml', () => {
  it('has the app, PostgreSQL 15, Azurite and a mail catcher, wired to each other', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'azurite', 'mailpit', 'postgres']);
    expect(compose.services.postgres?.image).toBe('postgres:15');
    expect(compose.services.azurite?.image).toMatch(/azurite/);
    expect(compose.services.mailpit?.image).toMatch(/^axllent\/mailpit/);
    expect(app.build).toBeDefined();
    for (const dep of Object.keys(app.depends_on ?? {})) expect(compose.services).toHaveProperty(dep);
    expect(new URL(resolved.SMTP_URL ?? '').hostname).toBe('mailpit');
    expect(new URL(resolved.DATABASE_URL ?? '').hostname).toBe('postgres');
    expect(/BlobEndpoint=http:\/\/azurite:10000\//.test(appEnv.AZURE_STORAGE_CONNECTION_STRING ?? '')).toBe(true);
    // Named volumes used by services are declared.
    for (const s of Object.values(compose.services))
      for (const v of s.volumes ?? []) {
        const src = v.split(':')[0] as string;
        if (src.startsWith('.')) expect(existsSync(src), src).toBe(true);
        else expect(compose.volumes).toHaveProperty(src);
      }
  });

  it('sets only variables the config reads, and production validation accepts them', () => {
    const known = configVariables();
    expect(known.size).toBeGreaterThan(30);
    const unknown = Object.keys(appEnv).filter((k) => !known.has(k));
    expect(unknown).toEqual([]);
    const config = loadConfig(resolved);
    expect(config.isProduction).toBe(true);
    expect(config.blobStore.kind).toBe('azure');
    expect(config.host).toBe('0.0.0.0');
    expect(config.trustProxy).toBe(true);
  });

  it('uses the two roles of docs/database.md: serves as a non-superuser member of ll_app, migrates as the owner', () => {
    expect(new URL(resolved.DATABASE_URL ?? '').username).toBe('ledgerloom_app');
    expect(new URL(resolved.DATABASE_MIGRATION_URL ?? '').username).toBe('ledgerloom_owner');
    const init = readFileSync('deploy/postgres-init/10-ledgerloom-roles.sh', 'utf8');
    expect(statSync('deploy/postgres-init/10-ledgerloom-roles.sh').mode & 0o111).not.toBe(0);
    expect(init).toMatch(/CREATE ROLE ledgerloom_app LOGIN [^;]*NOSUPERUSER NOBYPASSRLS[^;]*IN ROLE ll_app;/);
    expect(init).toMatch(/CREATE DATABASE ledgerloom OWNER ledgerloom_owner;/);
    expect(init).toMatch(/GRANT ll_system TO ledgerloom_owner;/);
    // Every variable the init script reads is given to the postgres service.
    const pgEnv = compose.services.postgres?.environment ?? {};
    for (const [, name] of init.matchAll(/"\$([A-Z_]+)"/g)) if (name !== 'POSTGRES_USER') expect(pgEnv, name).toHaveProperty(name as string);
  });

  it('publishes the app port it listens on, with a /healthz health check; secrets only come from .env', () => {
    expect(app.ports).toContain(`127.0.0.1:${appEnv.PORT}:${appEnv.PORT}`);
    expect(JSON.stringify(app.healthcheck?.test)).toContain(`127.0.0.1:${appEnv.PORT}/healthz`);
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    for (const s of Object.values(compose.services))
      for (const [k, v] of Object.entries(s.environment ?? {}))
        if (/KEY|PASSWORD|SECRET|TOKEN|CONNECTION_STRING|_URL$/.test(k) && k !== 'APP_BASE_URL' && k !== 'SMTP_URL' && k !== 'EWAY_ENDPOINT')
          expect(String(v), `${k} must come from .env`).toMatch(/\$\{[A-Z_]+/);
    expect(appEnv.MASTER_KEY).toMatch(/^\$\{MASTER_KEY:\?/);
    expect(readFileSync('.gitignore', 'utf8')).toMatch(/^\.env$/m);
  });
});

describe('Dockerfile', () => {
  const ins = dockerfile();
  const last = Math.max(...ins.map((i) => i.stage));
  const final = ins.filter((i) => i.stage === last);

  it('is multi-stage and ends on node:20-bookworm-slim as a non-root user in production mode', () => {
    expect(ins.filter((i) => i.op === 'FROM').length).toBeGreaterThanOrEqual(3);
    expect(final[0]?.args).toMatch(/^node:20-bookworm-slim\b/);
    const users = final.filter((i) => i.op === 'USER');
    expect(users.at(-1)?.args).toMatch(/^(node|[a-z][a-z0-9-]*|[1-9]\d*)$/);
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)$/);
    expect(final.some((i) => i.op === 'ENV' && /NODE_ENV=production/.test(i.args))).toBe(true);
    expect(ins.some((i) => i.op === 'RUN' && /npm ci/.test(i.args))).toBe(true);
    expect(ins.some((i) => i.op === 'RUN' && /vite build/.test(i.args))).toBe(true);
  });

  it('has a HEALTHCHECK on /healthz and a CMD; every ENV it sets is a config variable', () => {
    expect(final.find((i) => i.op === 'HEALTHCHECK')?.args).toMatch(/\/healthz/);
    expect(final.find((i) => i.op === 'CMD')?.args).toMatch(/src\/server\/main\.ts/);
    const known = configVariables();
    for (const e of final.filter((i) => i.op === 'ENV'))
      for (const [, name] of e.args.matchAll(/([A-Z_]+)=/g)) expect(known.has(name as string), name).toBe(true);
    const port = /PORT=(\d+)/.exec(final.filter((i) => i.op === 'ENV').map((i) => i.args).join(' '))?.[1];
    expect(final.find((i) => i.op === 'EXPOSE')?.args).toBe(port);
    expect(final.find((i) => i.op === 'HEALTHCHECK')?.args).toContain(`127.0.0.1:${port}/healthz`);
  });

  it('bakes in no secrets and fetches nothing by URL', () => {
    for (const i of ins) {
      expect(i.op === 'ADD' && /https?:\/\//.test(i.args), `${i.op} ${i.args}`).toBe(false);
      if (i.op === 'ENV' || i.op === 'ARG') expect(i.args, `${i.op} ${i.args}`).not.toMatch(/KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL|SMTP_URL/);
      if (i.op === 'COPY' || i.op === 'ADD') expect(i.args).not.toMatch(/\.env\b|master\.key|\bdata\b/);
    }
    const ignore = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim());
    for (const must of ['.env', 'data', 'node_modules', '.git']) expect(ignore).toContain(must);
  });
});
