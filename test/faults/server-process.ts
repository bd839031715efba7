import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The real server (src/server/main.ts) — or a one-off job (test/faults/run-job.ts) — as a child
 * process the crash tests can SIGKILL. Its output is kept so a test can wait for a line such as
 * `FAULT_POINT_REACHED upload:after-blob-write` (src/server/platform/faults.ts) and then kill it.
 */
export interface ChildApp {
  /** http://127.0.0.1:<port> for the server; '' for a job. */
  url: string;
  pid: number;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the output matches `re`; rejects on timeout or when the child exits first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  alive(): boolean;
  /** Resolves with the exit code (or signal) once the child has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hooks, no flushing — a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait: a graceful stop. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function spawnChild(entry: string, args: string[], env: Record<string, string>): { child: ChildProcess; app: Omit<ChildApp, 'url'> } {
  // Only what the child needs: nothing of the test runner's environment (TEST_DATABASE_URL, VITEST…) leaks in.
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of watchers) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      for (const w of watchers) w();
      resolve({ code, signal });
    }),
  );
  const app: Omit<ChildApp, 'url'> = {
    pid: child.pid ?? 0,
    output: () => out,
    alive: () => running,
    exited,
    waitFor(re, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (re.test(out)) return done(null);
          if (!running) return done(new Error(`child exited before printing ${re}; its output:\n${out.slice(-4000)}`));
        };
        const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${re}; child output:\n${out.slice(-4000)}`)), timeoutMs);
        const done = (err: Error | null) => {
          clearTimeout(timer);
          watchers.delete(check);
          if (err) reject(err);
          else resolve();
        };
        watchers.add(check);
        check();
      });
    },
    async kill() {
      if (running) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running) child.kill('SIGTERM');
      await exited;
    },
  };
  return { child, app };
}

/** Starts src/server/main.ts on a free port and waits until it listens. */
export async function startServer(env: Record<string, string>): Promise<ChildApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { app } = spawnChild('src/server/main.ts', [], { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), APP_BASE_URL: url, PORTAL_DOMAIN: `127.0.0.1:${port}`, PORTAL_URL_STYLE: 'path', DEMO_DATA: 'false', DEV_SMTP_PORT: '0', LOG_LEVEL: 'warn', ...env });
  try {
    await app.waitFor(/Ledger Loom is running at/, 45_000);
  } catch (err) {
    await app.kill();
    throw err;
  }
  return { ...app, url };
}

/** Runs one scheduled job once in a child process (test/faults/run-job.ts), the way the scheduler's tick runs it. */
export function startJob(job: 'recurring-services', now: Date, env: Record<string, string>): ChildApp {
  const { app } = spawnChild('test/faults/run-job.ts', [job, now.toISOString()], { NODE_ENV: 'test', DEMO_DATA: 'false', DEV_SMTP_PORT: '0', WORKERS: 'false', LOG_LEVEL: 'warn', ...env });
  return { ...app, url: '' };
}

export interface Delivery {
  messageId: string;
  to: string;
  subject: string;
}

/**
 * An SMTP server that records every message it accepts — each delivery, so a resend after a crash
 * shows up as a second delivery (with, we check, the same Message-ID).
 */
export async function startSmtpSink(): Promise<{ url: string; deliveries: Delivery[]; close: () => Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim() ?? '';
        deliveries.push({ messageId: header('Message-ID'), to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: header('Subject') });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, deliveries, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
