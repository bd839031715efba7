/**
 * The load generator for bench/load.ts: autocannon in a child process, so its work never shares an
 * event loop with the server being measured (the server is the bench's own process). The plan goes
 * in on stdin as JSON; the summary comes back on stdout.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export type LoadPlan =
  | { kind: 'get'; path: string; headers?: Record<string, string> }
  /** Each connection takes the next user for a whole round of that user's paths, then the next user. */
  | { kind: 'mix'; users: { cookie: string; paths: string[] }[] }
  /** POST JSON sign-ins, e-mails in turn, at `rate` a second whatever the answers take (no autocannon). */
  | { kind: 'login'; path: string; emails: string[]; password: string };

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts (autocannon counts timeouts among its errors) + non-2xx answers. */
  errors: number;
  timeouts: number;
  /** Connection-level errors by code (e.g. a request past the 30 s timeout). */
  errorCodes: Record<string, number>;
  statusCodes: Record<string, number>;
}

const CHILD = `
const http = require('node:http');
const autocannon = require(process.argv[1]);
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const w = JSON.parse(input);
  const p = w.plan;
  if (p.kind === 'login') return openLoop(w, p);
  const opts = { url: w.base, connections: w.connections, duration: w.seconds, timeout: 30 };
  let next = 0;
  if (p.kind === 'get') opts.requests = [{ method: 'GET', path: p.path, headers: p.headers || {} }];
  if (p.kind === 'mix') {
    // autocannon clears the context after each round of the requests array: a round is one user's paths.
    const round = Math.max(...p.users.map((u) => u.paths.length));
    opts.requests = Array.from({ length: round }, (_, i) => ({ setupRequest: (req, ctx) => {
      if (i === 0 || ctx.u === undefined) ctx.u = next++ % p.users.length;
      const u = p.users[ctx.u];
      return { ...req, method: 'GET', path: u.paths[i % u.paths.length], headers: { cookie: u.cookie } };
    } }));
  }
  const errorCodes = {};
  const instance = autocannon(opts, (err, r) => {
    if (err) { console.error(err); process.exit(1); }
    process.stdout.write(JSON.stringify({ total: r.requests.total, duration: r.duration, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max,
      errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statusCodeStats: r.statusCodeStats, errorCodes }));
  });
  instance.on('reqError', (e) => { const k = e.code || e.message; errorCodes[k] = (errorCodes[k] || 0) + 1; });
});

// Sign-ins at a fixed rate whatever the answers take (open loop: a slow server does not slow the storm).
function openLoop(w, p) {
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(w.base);
  const latencies = [], statusCodes = {}, errorCodes = {};
  let sent = 0, done = 0, errors = 0, timeouts = 0, stopped = false;
  const started = Date.now();
  const fire = () => {
    const body = JSON.stringify({ email: p.emails[sent++ % p.emails.length], password: p.password });
    const t0 = performance.now();
    const req = http.request({ host: url.hostname, port: url.port, path: p.path, method: 'POST', agent, timeout: 30000,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        statusCodes[res.statusCode] = (statusCodes[res.statusCode] || 0) + 1;
        if (res.statusCode < 200 || res.statusCode > 299) errors++;
        done++;
        finish();
      });
    });
    req.on('timeout', () => { timeouts++; req.destroy(new Error('timeout')); });
    req.on('error', (e) => { errors++; errorCodes[e.code || e.message] = (errorCodes[e.code || e.message] || 0) + 1; done++; finish(); });
    req.end(body);
  };
  // Catch up by the clock: a late timer (busy machine) sends the sign-ins that were due meanwhile.
  const timer = setInterval(() => {
    const elapsed = Math.min(Date.now() - started, w.seconds * 1000);
    while (sent < Math.floor((elapsed / 1000) * w.rate)) fire();
    if (elapsed >= w.seconds * 1000) { clearInterval(timer); stopped = true; finish(); }
  }, 10);
  function finish() {
    if (!stopped || done < sent) return;
    latencies.sort((a, b) => a - b);
    const q = (f) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))] || 0);
    process.stdout.write(JSON.stringify({ total: latencies.length, duration: w.seconds, p50: q(0.5), p99: q(0.99), max: q(1),
      errors, timeouts, non2xx: 0, statusCodeStats: Object.fromEntries(Object.entries(statusCodes).map(([k, v]) => [k, { count: v }])), errorCodes }));
    process.exit(0);
  }
}`;

const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

/** Runs one load for `seconds` at `connections` (sign-ins: at `rate` a second). */
export function runLoad(base: string, plan: LoadPlan, o: { connections: number; seconds: number; rate?: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD, autocannonPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      const r = JSON.parse(out) as { total: number; duration: number; p50: number; p99: number; max: number; errors: number; timeouts: number; non2xx: number; statusCodeStats: Record<string, { count: number }>; errorCodes: Record<string, number> };
      resolve({
        requests: r.total, seconds: r.duration, rps: r.total / r.duration, p50: r.p50, p99: r.p99, max: r.max, errors: r.errors + r.non2xx, timeouts: r.timeouts, errorCodes: r.errorCodes,
        statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
      });
    });
    child.stdin.end(JSON.stringify({ base, plan, connections: o.connections, seconds: o.seconds, rate: o.rate }));
  });
}
