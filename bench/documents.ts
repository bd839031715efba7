/**
 * Documents benchmark (`npm run bench -- documents`): streamed upload and download through the real
 * server, against a plain streamed file copy on the same disk in the same run, so the figures are
 * ratios rather than absolute claims; and the server's memory while it moves the file, which should
 * stay flat however large the file is (target: under 64 MB above idle for 1 GB).
 *
 * The server runs in a child process (`node --import tsx src/server/main.ts`, PGlite and the local
 * blob store in a fresh temporary DATA_DIR, demo data), so its RSS is its own: /proc/<pid>/status
 * VmRSS is sampled every 50 ms during each operation, and VmHWM (reset before each operation through
 * /proc/<pid>/clear_refs) catches peaks between samples. Growth = peak − RSS just before.
 *
 * For each size a file starting "%PDF-1.4\n" (then random bytes) is written once to a temporary file
 * and then, per run: (c) baseline fs.createReadStream → createWriteStream copy, plain and with
 * `flush: true` (one fsync at the end, as the local blob store does); (a) upload as a streamed
 * multipart body (node:http, Readable); (b) download to a temporary file. The upload's and
 * the download's SHA-256 are checked against the file's. Small sizes are run several times and the
 * median speed is reported (BENCH_DOC_RUNS overrides).
 *
 * BENCH_DOC_SIZES=10,100 limits the sizes (MB; default 10,100,1024). MB = 2^20 bytes throughout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const MB = 1024 * 1024;
const EMAIL = 'owner@harbourside.example';
const PASSWORD = 'Coral-Reef-Demo-2026';
const SAMPLE_MS = 50;
const TARGET_GROWTH_MB = 64;
const READY_TIMEOUT_MS = 180_000;
const ROOT = resolve(import.meta.dirname, '..');

type Op = 'baseline' | 'baselineFsync' | 'upload' | 'download';

interface Memory {
  idleMb: number;
  /** Highest VmRSS seen by the 50 ms sampler. */
  sampledPeakMb: number;
  /** VmHWM after the operation (reset before it), when the kernel allows the reset. */
  hwmMb: number | null;
  /** max(sampled peak, VmHWM) − idle. */
  growthMb: number;
  samples: number;
}

interface Measured {
  ms: number;
  mbPerSec: number;
  memory: Memory;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const sizeLabel = (mb: number) => (mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${mb} MB`);

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

/** Kilobytes of one field of /proc/<pid>/status, e.g. VmRSS or VmHWM. */
function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`${field} not found for pid ${pid}`);
  return Number(m[1]);
}

function resetHwm(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` while sampling the server's RSS; idle is read just before (after a short settle). */
async function withMemory<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; memory: Memory }> {
  await sleep(300);
  const idleKb = procStatusKb(pid, 'VmRSS');
  const hwmReset = resetHwm(pid);
  let peakKb = idleKb;
  let samples = 0;
  const timer = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, procStatusKb(pid, 'VmRSS'));
      samples++;
    } catch {
      // the child is gone; the operation itself will fail and say so
    }
  }, SAMPLE_MS);
  try {
    const result = await work();
    peakKb = Math.max(peakKb, procStatusKb(pid, 'VmRSS'));
    const hwmKb = hwmReset ? procStatusKb(pid, 'VmHWM') : null;
    const top = Math.max(peakKb, hwmKb ?? 0);
    return { result, memory: { idleMb: round(idleKb / 1024), sampledPeakMb: round(peakKb / 1024), hwmMb: hwmKb === null ? null : round(hwmKb / 1024), growthMb: round((top - idleKb) / 1024), samples } };
  } finally {
    clearInterval(timer);
  }
}

/** Writes `%PDF-1.4\n` + random bytes + `\n%%EOF\n`, `bytes` long, in 4 MB chunks; returns its SHA-256. */
async function makeFile(path: string, bytes: number): Promise<string> {
  const head = Buffer.from('%PDF-1.4\n');
  const foot = Buffer.from('\n%%EOF\n');
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(4 * MB);
  async function* gen() {
    let left = bytes - head.length - foot.length;
    hash.update(head);
    yield head;
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      const out = Buffer.from(randomFillSync(chunk, 0, n).subarray(0, n)); // a copy: the stream may still hold the last one
      hash.update(out);
      yield out;
      left -= n;
    }
    hash.update(foot);
    yield foot;
  }
  await pipeline(Readable.from(gen()), createWriteStream(path));
  return hash.digest('hex');
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: MB })) hash.update(c as Buffer);
  return hash.digest('hex');
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const parts: Buffer[] = [];
    res.on('data', (c: Buffer) => parts.push(c));
    res.on('end', () => ok(Buffer.concat(parts).toString('utf8')));
    res.on('error', fail);
  });
}

class Server {
  child: ChildProcess | undefined;
  readonly lines: string[] = [];
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  base = '';
  cookie = '';
  csrf = '';

  constructor(private readonly dataDir: string) {}

  get pid(): number {
    if (!this.child?.pid || this.exited) throw new Error(`the server is not running${this.exitText()}`);
    return this.child.pid;
  }

  exitText(): string {
    if (!this.exited) return '';
    return ` (it exited with ${this.exited.signal ?? `code ${this.exited.code}`}); its last output:\n${this.lines.slice(-40).join('\n')}`;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), APP_BASE_URL: this.base,
        DATA_DIR: this.dataDir, DEMO_DATA: 'true', MAX_UPLOAD_BYTES: String(2 * 1024 * MB), WORKERS: 'false', LOG_LEVEL: 'warn',
        DEV_SMTP_PORT: '0', INBOUND_SMTP_PORT: '0', BLOB_STORE: 'local',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const s of [child.stdout, child.stderr]) {
      let rest = '';
      s?.on('data', (d: Buffer) => {
        const text = rest + d.toString('utf8');
        const split = text.split('\n');
        rest = split.pop() ?? '';
        for (const l of split) if (l.trim()) this.lines.push(l);
        if (this.lines.length > 2000) this.lines.splice(0, this.lines.length - 2000);
      });
    }
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (this.exited) throw new Error(`the server did not start${this.exitText()}`);
      try {
        const res = await fetch(`${this.base}/readyz`);
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server was not ready after ${READY_TIMEOUT_MS / 1000} s; its output:\n${this.lines.slice(-40).join('\n')}`);
      await sleep(200);
    }
  }

  async signIn(): Promise<string> {
    const res = await fetch(`${this.base}/api/staff/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.base },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${text}`);
    this.csrf = (JSON.parse(text) as { csrfToken: string }).csrfToken;
    this.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const clients = await fetch(`${this.base}/api/staff/clients?pageSize=100`, { headers: { cookie: this.cookie } });
    const list = await clients.text();
    if (clients.status !== 200) throw new Error(`GET /api/staff/clients answered ${clients.status}: ${list}`);
    const first = (JSON.parse(list) as { items: { id: string; name: string }[] }).items[0];
    if (!first) throw new Error('the demo firm has no clients');
    return first.id;
  }

  /** Streams `path` as the "file" part of a multipart body; resolves when the server has answered. */
  upload(clientId: string, path: string, bytes: number): Promise<{ status: number; body: string }> {
    const boundary = `----ledger-loom-bench-${randomBytes(12).toString('hex')}`;
    const pre = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const post = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = Readable.from(
      (async function* () {
        yield pre;
        for await (const c of createReadStream(path, { highWaterMark: 256 * 1024 })) yield c as Buffer;
        yield post;
      })(),
      { objectMode: false },
    );
    return new Promise((ok, fail) => {
      let answered = false;
      const req = request(`${this.base}/api/staff/clients/${clientId}/documents`, {
        method: 'POST',
        headers: {
          cookie: this.cookie, origin: this.base, 'x-csrf-token': this.csrf,
          'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(pre.length + bytes + post.length),
        },
      });
      req.on('response', (res) => {
        answered = true;
        readBody(res).then((text) => ok({ status: res.statusCode ?? 0, body: text }), fail);
      });
      req.on('error', (err) => {
        if (!answered) fail(new Error(`upload request failed: ${err.message}${this.exitText()}`));
      });
      pipeline(body, req).catch((err: unknown) => {
        // The server may answer (e.g. 413) before reading everything; then the answer is what counts.
        setTimeout(() => {
          if (!answered) fail(new Error(`upload body could not be sent: ${(err as Error).message}${this.exitText()}`));
        }, 2000);
      });
    });
  }

  /** Downloads a document to `out`; resolves with the bytes written. */
  download(documentId: string, out: string): Promise<number> {
    return new Promise((ok, fail) => {
      const req = request(`${this.base}/api/staff/documents/${documentId}/download`, { headers: { cookie: this.cookie } }, (res) => {
        if (res.statusCode !== 200) {
          readBody(res).then((t) => fail(new Error(`download answered ${res.statusCode}: ${t}`)), fail);
          return;
        }
        const file = createWriteStream(out);
        pipeline(res, file).then(() => ok(file.bytesWritten), (err: unknown) => fail(new Error(`download failed: ${(err as Error).message}${this.exitText()}`)));
      });
      req.on('error', (err) => fail(new Error(`download request failed: ${err.message}${this.exitText()}`)));
      req.end();
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timedOut = await Promise.race([gone.then(() => false), sleep(15_000).then(() => true)]);
    if (timedOut && !this.exited) {
      child.kill('SIGKILL');
      await Promise.race([gone, sleep(5_000)]);
    }
  }
}

function parseSizes(): number[] {
  const raw = process.env.BENCH_DOC_SIZES ?? '10,100,1024';
  const sizes = raw.split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);
  if (sizes.length === 0) throw new Error(`BENCH_DOC_SIZES=${raw}: give sizes in MB, e.g. 10,100,1024`);
  return sizes;
}

function runsFor(sizeMb: number): number {
  const fixed = Number(process.env.BENCH_DOC_RUNS);
  if (Number.isInteger(fixed) && fixed > 0) return fixed;
  return Math.min(5, Math.max(1, Math.ceil(300 / sizeMb)));
}

/** Runs the documents benchmark and writes bench/results/documents-<date>.json and .md. */
export async function runDocuments(): Promise<void> {
  const sizes = parseSizes();
  const tmp = mkdtempSync(join(tmpdir(), 'll-bench-docs-'));
  const dataDir = join(tmp, 'data');
  const files = join(tmp, 'files');
  mkdirSync(files, { recursive: true });
  const server = new Server(dataDir);
  // Last resort if the process is interrupted: no orphaned server, no 1 GB files left behind.
  const emergency = () => {
    if (server.child && !server.exited) server.child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = () => {
    emergency();
    process.exit(130);
  };
  process.once('exit', emergency);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(`temporary directory ${tmp}; starting the server (${'node --import tsx src/server/main.ts'}) …`);
    const t0 = performance.now();
    await server.start();
    const startSeconds = round((performance.now() - t0) / 1000);
    const clientId = await server.signIn();
    const pid = server.pid;
    const startRssMb = round(procStatusKb(pid, 'VmRSS') / 1024);
    console.log(`server pid ${pid} ready in ${startSeconds} s at ${server.base}, RSS ${startRssMb} MB; client ${clientId}`);
    const logLinesBefore = server.lines.length;
    const loadAtStart = loadavg().map((l) => round(l, 2));

    // The fixed cost of one request (session, database, audit row, fsync), apart from the bytes: a 1 KB PDF.
    const tiny = join(files, 'tiny.pdf');
    const tinySha = await makeFile(tiny, 1024);
    const tinyUp: number[] = [];
    const tinyDown: number[] = [];
    for (let i = 0; i < 5; i++) {
      let s = performance.now();
      const r = await server.upload(clientId, tiny, 1024);
      tinyUp.push(performance.now() - s);
      if (r.status !== 201) throw new Error(`upload of 1 KB answered ${r.status}: ${r.body.slice(0, 2000)}`);
      const doc = JSON.parse(r.body) as { id: string; sha256: string };
      if (doc.sha256 !== tinySha) throw new Error('upload of 1 KB stored the wrong bytes');
      s = performance.now();
      await server.download(doc.id, join(files, 'tiny-download.pdf'));
      tinyDown.push(performance.now() - s);
    }
    const fixedMs = { upload: round(median(tinyUp)), download: round(median(tinyDown)) };
    console.log(`1 KB document (fixed cost per request, median of 5): upload ${fixedMs.upload} ms, download ${fixedMs.download} ms`);

    const rows: {
      sizeMb: number; bytes: number; runs: number;
      mbPerSec: Record<Op, number>; ratios: { upload: number; download: number; uploadToFsyncBaseline: number; downloadToFsyncBaseline: number };
      growthMb: Record<Op, number>; runsDetail: Record<Op, Measured>[];
    }[] = [];

    for (const sizeMb of sizes) {
      const bytes = Math.round(sizeMb * MB);
      const src = join(files, `x-${sizeMb}.pdf`);
      process.stdout.write(`${sizeLabel(sizeMb)}: writing the test file … `);
      const sha = await makeFile(src, bytes);
      const runs = runsFor(sizeMb);
      console.log(`done; ${runs} run(s)`);
      const detail: Record<Op, Measured>[] = [];
      for (let run = 0; run < runs; run++) {
        const speed = (ms: number) => bytes / MB / (ms / 1000);
        const copy = join(files, 'copy.bin');
        const base = await withMemory(pid, async () => {
          const s = performance.now();
          await pipeline(createReadStream(src), createWriteStream(copy));
          return performance.now() - s;
        });
        rmSync(copy, { force: true });
        const baseFsync = await withMemory(pid, async () => {
          const s = performance.now();
          await pipeline(createReadStream(src), createWriteStream(copy, { flush: true }));
          return performance.now() - s;
        });
        rmSync(copy, { force: true });

        const up = await withMemory(pid, async () => {
          const s = performance.now();
          const r = await server.upload(clientId, src, bytes);
          return { ...r, ms: performance.now() - s };
        });
        if (up.result.status !== 201) {
          throw new Error(`upload of ${sizeLabel(sizeMb)} answered ${up.result.status}: ${up.result.body.slice(0, 2000)}`);
        }
        const doc = JSON.parse(up.result.body) as { id: string; sizeBytes: number; sha256: string; contentType: string };
        if (doc.sizeBytes !== bytes || doc.sha256 !== sha) {
          throw new Error(`upload of ${sizeLabel(sizeMb)} stored ${doc.sizeBytes} bytes with SHA-256 ${doc.sha256}; sent ${bytes} bytes with ${sha}`);
        }

        const out = join(files, 'download.bin');
        const down = await withMemory(pid, async () => {
          const s = performance.now();
          const n = await server.download(doc.id, out);
          return { n, ms: performance.now() - s };
        });
        if (down.result.n !== bytes) throw new Error(`download of ${sizeLabel(sizeMb)} gave ${down.result.n} bytes, expected ${bytes}`);
        const gotSha = await sha256File(out);
        rmSync(out, { force: true });
        if (gotSha !== sha) throw new Error(`download of ${sizeLabel(sizeMb)} has SHA-256 ${gotSha}, expected ${sha}`);

        const m = (ms: number, memory: Memory): Measured => ({ ms: round(ms), mbPerSec: round(speed(ms)), memory });
        const r = { baseline: m(base.result, base.memory), baselineFsync: m(baseFsync.result, baseFsync.memory), upload: m(up.result.ms, up.memory), download: m(down.result.ms, down.memory) };
        detail.push(r);
        console.log(
          `  run ${run + 1}: baseline ${r.baseline.mbPerSec} MB/s (with fsync ${r.baselineFsync.mbPerSec}), upload ${r.upload.mbPerSec} MB/s (+${r.upload.memory.growthMb} MB RSS), download ${r.download.mbPerSec} MB/s (+${r.download.memory.growthMb} MB RSS)`,
        );
      }
      rmSync(src, { force: true });
      const med = (op: Op) => round(median(detail.map((d) => d[op].mbPerSec)));
      const maxGrowth = (op: Op) => Math.max(...detail.map((d) => d[op].memory.growthMb));
      const mbPerSec = { baseline: med('baseline'), baselineFsync: med('baselineFsync'), upload: med('upload'), download: med('download') };
      rows.push({
        sizeMb, bytes, runs, mbPerSec,
        ratios: {
          upload: round(mbPerSec.upload / mbPerSec.baseline, 3), download: round(mbPerSec.download / mbPerSec.baseline, 3),
          uploadToFsyncBaseline: round(mbPerSec.upload / mbPerSec.baselineFsync, 3), downloadToFsyncBaseline: round(mbPerSec.download / mbPerSec.baselineFsync, 3),
        },
        growthMb: { baseline: maxGrowth('baseline'), baselineFsync: maxGrowth('baselineFsync'), upload: maxGrowth('upload'), download: maxGrowth('download') },
        runsDetail: detail,
      });
    }

    const endRssMb = round(procStatusKb(pid, 'VmRSS') / 1024);
    const serverLog = server.lines.slice(logLinesBefore);
    await server.stop();

    const largest = rows.reduce((a, b) => (b.sizeMb > a.sizeMb ? b : a));
    const worstGrowth = Math.max(largest.growthMb.upload, largest.growthMb.download);
    // The target is stated for 1 GB; for smaller runs it is reported against the largest size measured.
    const target = { maxGrowthMb: TARGET_GROWTH_MB, atSizeMb: largest.sizeMb, worstGrowthMb: worstGrowth, met: worstGrowth < TARGET_GROWTH_MB };
    const at = new Date().toISOString();
    const result = {
      at, node: process.version, loadAverageAtStart: loadAtStart, loadAverage: loadavg().map((l) => round(l, 2)), cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, memoryGb: round(totalmem() / 1024 ** 3),
      server: { command: 'node --import tsx src/server/main.ts', database: 'pglite (embedded, DATA_DIR)', blobStore: 'local (DATA_DIR/blobs)', virusScan: 'none', startSeconds, startRssMb, endRssMb, logLinesDuringBench: serverLog.length },
      disk: `same filesystem as ${tmpdir()} for the baseline copy, the blobs and the downloads`,
      units: 'MB = 2^20 bytes; speeds are the median over runs; growth = peak RSS (max of 50 ms VmRSS samples and VmHWM) minus RSS just before, worst run',
      fixedCostMs1KB: fixedMs, target, sizes: rows,
    };

    const header = '| size | runs | baseline copy MB/s | copy + fsync MB/s | upload MB/s | upload / baseline | download MB/s | download / baseline | server RSS growth upload | server RSS growth download |';
    const table = [
      header,
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${sizeLabel(r.sizeMb)} | ${r.runs} | ${r.mbPerSec.baseline} | ${r.mbPerSec.baselineFsync} | ${r.mbPerSec.upload} | ${r.ratios.upload} (${r.ratios.uploadToFsyncBaseline} of fsync copy) | ${r.mbPerSec.download} | ${r.ratios.download} (${r.ratios.downloadToFsyncBaseline}) | +${r.growthMb.upload} MB | +${r.growthMb.download} MB |`),
    ];
    const verdict = `memory target (< ${TARGET_GROWTH_MB} MB above idle at ${sizeLabel(largest.sizeMb)}): ${target.met ? 'met' : 'NOT met'} (worst +${worstGrowth} MB)`;
    console.log('');
    console.log(table.join('\n'));
    console.log('');
    console.log(`server: started in ${startSeconds} s, RSS ${startRssMb} MB after sign-in, ${endRssMb} MB at the end; ${serverLog.length} log line(s) during the benchmark`);
    for (const l of serverLog.slice(0, 10)) console.log(`  server: ${l.slice(0, 400)}`);
    console.log(`load average (1, 5, 15 min) at start ${loadAtStart.join(', ')}, at end ${result.loadAverage.join(', ')}, on ${result.cpus} CPUs`);
    console.log(verdict);

    const stem = join(ROOT, 'bench', 'results', `documents-${at.slice(0, 10)}`);
    writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
    const md = [
      `# Documents benchmark, ${at}`,
      '',
      `Node ${process.version}, ${result.cpus} × ${result.cpu}, ${result.memoryGb} GB RAM. Server in a child process (${result.server.command}), ${result.server.database}, ${result.server.blobStore}, no virus scanner; client and server on loopback.`,
      `Baseline: fs.createReadStream → fs.createWriteStream of the same file on the same disk, in the same run; "copy + fsync" adds \`flush: true\` (one fsync at the end, as the local blob store's write does). Ratios in brackets are to the fsync copy. ${result.units}.`,
      `Machine load average (1, 5, 15 min) when the measurements started: ${loadAtStart.join(', ')}; when they ended: ${result.loadAverage.join(', ')} (other work on the machine makes the figures noisy; the ratios are from the same run).`,
      '',
      ...table,
      '',
      `A 1 KB document (the fixed cost of one request, median of 5): upload ${fixedMs.upload} ms, download ${fixedMs.download} ms.`,
      '',
      verdict,
      '',
    ].join('\n');
    writeFileSync(`${stem}.md`, md);
    console.log(`written to ${join('bench', 'results', `documents-${at.slice(0, 10)}`)}.json and .md`);
  } catch (err) {
    // (once the server has exited, the error already carries its last output)
    if (server.lines.length > 0 && !server.exited) console.error(`server output (last lines):\n${server.lines.slice(-40).join('\n')}`);
    throw err;
  } finally {
    await server.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    process.removeListener('exit', emergency);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
