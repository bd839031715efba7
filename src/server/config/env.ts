import { z } from 'zod';

/**
 * The only reader of process.env. Parsed once at start; an invalid environment stops the process
 * with a message naming every bad variable.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    APP_BASE_URL: z.url().default('http://localhost:3000'),
    PORTAL_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name with an optional port, e.g. portal.ledgerloom.com.au')
      .default('localhost:3000'),
    PORTAL_URL_STYLE: z.enum(['subdomain', 'path']).default('subdomain'),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    DATABASE_MIGRATION_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    MASTER_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes, base64-encoded')
      .optional(),
    MASTER_KEY_PREVIOUS: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes, base64-encoded')
      .optional(),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be smtp:// or smtps://').optional(),
    MAIL_FROM: z.string().default('Ledger Loom <no-reply@ledgerloom.localhost>'),
    DEV_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    /** Replies to message e-mails go to reply+<token>@MAIL_DOMAIN; its MX (or a relay) must reach the inbound listener. */
    MAIL_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a domain name').optional(),
    INBOUND_SMTP_HOST: z.string().default('127.0.0.1'),
    /** The inbound SMTP listener for reply by e-mail; 0 picks a free port; unset in production = off. */
    INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    DEMO_DATA: bool.optional(),
    WORKERS: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: bool.default(false),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
    NOTICE_BATCH_SECONDS: z.coerce.number().int().min(0).max(3600).default(180),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(1024 * 1024),
    MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).max(10 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
    EWAY_ENDPOINT: z.string().url().optional(),
    EWAY_API_KEY: z.string().min(1).optional(),
    EWAY_API_PASSWORD: z.string().min(1).optional(),
    BLOB_STORE: z.enum(['local', 'azure']).default('local'),
    AZURE_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
    AZURE_STORAGE_CONTAINER: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be a valid Azure container name (3–63 lower-case letters, digits, hyphens)').default('ledger-loom-documents'),
    CLAMAV_HOST: z.string().min(1).optional(),
    CLAMAV_PORT: z.coerce.number().int().min(1).max(65535).default(3310),
    DOCUMENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    ZIP_MAX_ENTRIES: z.coerce.number().int().min(1).max(100_000).default(1000),
    ZIP_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().min(1).default(1024 * 1024 * 1024),
    /** Crash tests only (src/server/platform/faults.ts): the fault point where this process stops and waits to be killed. */
    LL_FAULT_POINT: z.string().regex(/^[a-z-]+:[a-z-]+$/, 'a fault point name such as upload:after-blob-write').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.BLOB_STORE === 'azure' && !env.AZURE_STORAGE_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['AZURE_STORAGE_CONNECTION_STRING'], message: 'is required when BLOB_STORE=azure' });
    }
    if (env.NODE_ENV === 'production') {
      if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production' });
      if (!env.MASTER_KEY) ctx.addIssue({ code: 'custom', path: ['MASTER_KEY'], message: 'is required in production' });
      if (!env.SMTP_URL) ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production' });
      for (const v of ['EWAY_ENDPOINT', 'EWAY_API_KEY', 'EWAY_API_PASSWORD'] as const) if (!env[v]) ctx.addIssue({ code: 'custom', path: [v], message: 'is required in production (card payments through eWay)' });
      if (env.BLOB_STORE !== 'azure') ctx.addIssue({ code: 'custom', path: ['BLOB_STORE'], message: 'must be azure in production (documents are kept in Azure Blob Storage, Australia East)' });
      if (env.DEMO_DATA) ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'demo data is never created in production' });
      if (env.LL_FAULT_POINT) ctx.addIssue({ code: 'custom', path: ['LL_FAULT_POINT'], message: 'is for crash tests only and never set in production' });
      if (!env.APP_BASE_URL.startsWith('https://'))
        ctx.addIssue({ code: 'custom', path: ['APP_BASE_URL'], message: 'must be https:// in production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  appBaseUrl: string;
  portalDomain: string;
  portalUrlStyle: 'subdomain' | 'path';
  dataDir: string;
  databaseUrl: string | undefined;
  databaseMigrationUrl: string | undefined;
  databasePoolSize: number;
  masterKey: string | undefined;
  /** During a master-key rotation: the old key, still accepted for data keys not yet re-wrapped. */
  masterKeyPrevious: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  devSmtpPort: number;
  /** Reply by e-mail: the reply domain, and where the inbound SMTP listener listens (undefined = off). */
  mailDomain: string;
  inboundSmtp: { host: string; port: number } | undefined;
  demoData: boolean;
  workers: boolean;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bodyLimitBytes: number;
  /** The largest file one upload may carry (documents); larger is 413. */
  maxUploadBytes: number;
  /** "Waiting on You" e-mails wait this long so several changes make one e-mail. */
  noticeBatchSeconds: number;
  blobStore: { kind: 'local' } | { kind: 'azure'; connectionString: string; container: string };
  /** eWay Rapid: endpoint (with trailing slash) and API key/password. Development uses the built-in emulator at /dev/eway/. */
  eway: { endpoint: string; apiKey: string; apiPassword: string; emulator: boolean };
  /** The virus scanner (clamd INSTREAM); undefined = documents are marked "not scanned". */
  clamav: { host: string; port: number } | undefined;
  /** Deleted documents' files are destroyed this many days after deletion. */
  documentRetentionDays: number;
  zipMaxEntries: number;
  zipMaxUncompressedBytes: number;
  /** Crash tests only: the fault point armed in this process (never in production). */
  faultPoint: string | undefined;
}

export class ConfigError extends Error {}

/** Parse the environment (defaults to process.env); throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    appBaseUrl: e.APP_BASE_URL.replace(/\/+$/, ''),
    portalDomain: e.PORTAL_DOMAIN.toLowerCase(),
    portalUrlStyle: e.PORTAL_URL_STYLE,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    masterKey: e.MASTER_KEY,
    masterKeyPrevious: e.MASTER_KEY_PREVIOUS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    devSmtpPort: e.DEV_SMTP_PORT,
    mailDomain: (e.MAIL_DOMAIN ?? /@([^>\s]+)>?\s*$/.exec(e.MAIL_FROM)?.[1] ?? 'ledgerloom.localhost').toLowerCase(),
    inboundSmtp: e.INBOUND_SMTP_PORT !== undefined ? { host: e.INBOUND_SMTP_HOST, port: e.INBOUND_SMTP_PORT } : e.NODE_ENV === 'production' ? undefined : { host: e.INBOUND_SMTP_HOST, port: e.NODE_ENV === 'test' ? 0 : 2526 },
    demoData: e.DEMO_DATA ?? e.NODE_ENV === 'development',
    workers: e.WORKERS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    noticeBatchSeconds: e.NOTICE_BATCH_SECONDS,
    blobStore: e.BLOB_STORE === 'azure' && e.AZURE_STORAGE_CONNECTION_STRING
      ? { kind: 'azure', connectionString: e.AZURE_STORAGE_CONNECTION_STRING, container: e.AZURE_STORAGE_CONTAINER }
      : { kind: 'local' },
    eway: {
      endpoint: (e.EWAY_ENDPOINT ?? `${e.APP_BASE_URL.replace(/\/+$/, '')}/dev/eway/`).replace(/\/?$/, '/'),
      apiKey: e.EWAY_API_KEY ?? 'dev-eway-key',
      apiPassword: e.EWAY_API_PASSWORD ?? 'dev-eway-password',
      emulator: !e.EWAY_ENDPOINT && e.NODE_ENV !== 'production',
    },
    clamav: e.CLAMAV_HOST ? { host: e.CLAMAV_HOST, port: e.CLAMAV_PORT } : undefined,
    documentRetentionDays: e.DOCUMENT_RETENTION_DAYS,
    zipMaxEntries: e.ZIP_MAX_ENTRIES,
    zipMaxUncompressedBytes: e.ZIP_MAX_UNCOMPRESSED_BYTES,
    faultPoint: e.NODE_ENV === 'production' ? undefined : e.LL_FAULT_POINT,
    ...overrides,
  };
}
