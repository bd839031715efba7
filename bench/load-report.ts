/** The Markdown summary of a load benchmark run (bench/load.ts), with each target met or missed. */
import type { DatabaseResult, Measured } from './load.js';

interface Run {
  at: string;
  node: string;
  machine: string;
  loadAverage: { start: number[]; end: number[] };
  settings: { connections: number; seconds: number; warmupSeconds: number; loginRate: number; soakSeconds: number; soakUsers: number; growthFirms: number; growthPerFirm: { clients: number; servicesPer: number; tasksPer: number } };
  results: DatabaseResult[];
}

const f1 = (n: number) => n.toFixed(1);
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Storm: no errors, sign-ins at ≥ 90 % of the asked rate, dashboard p99 at most 2× its figure without the storm. */
export function stormVerdict(r: DatabaseResult) {
  const { logins, dashboardWith, dashboardWithout, loginRateAsked } = r.storm;
  const p99Ratio = ratio(dashboardWith.p99, dashboardWithout.p99);
  const met = dashboardWith.errors === 0 && logins.errors === 0 && logins.requests >= 0.9 * loginRateAsked * logins.seconds && p99Ratio <= 2;
  return { met, p99Ratio };
}

/** Soak: no errors; RSS and heap grow less than 10 % from the middle of the run to its end. */
export function soakVerdict(r: DatabaseResult) {
  const { middle, end } = r.soak.memory;
  const rssGrowth = ratio(end.rssMB - middle.rssMB, middle.rssMB);
  const heapGrowth = ratio(end.heapUsedMB - middle.heapUsedMB, middle.heapUsedMB);
  return { met: r.soak.result.errors === 0 && rssGrowth < 0.1 && heapGrowth < 0.1, rssGrowth, heapGrowth };
}

/** Growth: the dashboard's p99 with 1,000 firms within 1.5× of the one-firm figure measured just before the growth. */
export function growthVerdict(r: DatabaseResult) {
  const p99Ratio = ratio(r.growth.dashboard.p99, r.growth.dashboardBefore.p99);
  return { met: r.growth.dashboard.errors === 0 && p99Ratio <= 1.5, p99Ratio };
}

/** A latency ratio; autocannon's resolution is 1 ms, so a baseline under 1 ms is shown as "< 1 ms" rather than divided by. */
const times = (a: number, b: number) => (b > 0 ? `${f1(a / b)}×` : 'baseline < 1 ms');

function row(name: string, m: Measured, base: Measured) {
  return `| ${name} | ${f1(m.rps)} | ${ratio(m.rps, base.rps).toFixed(4)} | ${m.p50} | ${times(m.p50, base.p50)} | ${m.p99} | ${times(m.p99, base.p99)} | ${f1(m.eventLoopP99)} | ${m.errors} |`;
}

export function renderLoadReport(run: Run): string {
  const s = run.settings;
  const out: string[] = [
    `# Load benchmark, ${run.at}`,
    '',
    `Node ${run.node}, ${run.machine}. The server (buildApp, NODE_ENV=test, silent log, no workers) runs in the bench process; autocannon runs in a child process on the same machine; loopback HTTP. ` +
      `Each measurement: ${s.warmupSeconds} s warm-up, then ${s.seconds} s at ${s.connections} connections. Baseline: a bare Fastify JSON route in the same process, same generator, measured in the same run (ratios are to it). ` +
      'Latencies in ms (autocannon, 1 ms resolution). "Loop p99" is the server\'s event-loop delay p99 during the measurement.',
    `Machine load average (1, 5, 15 min) at start: ${run.loadAverage.start.join(', ')}; at end: ${run.loadAverage.end.join(', ')} (other work shares the 2 cores, so absolute figures are noisy).`,
    '',
  ];
  for (const r of run.results) {
    const q = r.queriesPerRequest;
    out.push(`## ${r.database}`, '');
    out.push(`Seeded in ${f1(r.seedSeconds)} s. Statements per request (drizzle logger, incl. the transaction's set_config): dashboard ${q.dashboardLarge} (50 services, 500 tasks) vs ${q.dashboardSmall} (25 services); work list ${q.workList}; service ${q.service}; invoices ${q.invoices}; threads ${q.threads}; documents ${q.documents}.`, '');
    out.push('| route | req/s | req/s ÷ baseline | p50 | p50 ÷ baseline | p99 | p99 ÷ baseline | loop p99 | errors |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    out.push(row('bare Fastify route (baseline)', r.baseline, r.baseline), row('portal dashboard', r.dashboard, r.baseline), row('staff work list (25 of 5,000)', r.workList, r.baseline));
    out.push(row('portal dashboard during login storm', r.storm.dashboardWith, r.baseline));
    out.push('');
    const st = stormVerdict(r);
    const l = r.storm.logins;
    out.push(`Login storm: argon2 portal sign-ins sent at ${r.storm.loginRateAsked}/s for ${l.seconds} s whatever the answers took (open loop): ${l.requests} answered (${JSON.stringify(l.statusCodes)}), sign-in p50 ${l.p50} ms, p99 ${l.p99} ms, errors ${l.errors}. Dashboard p99 ${r.storm.dashboardWith.p99} ms with the storm vs ${r.storm.dashboardWithout.p99} ms without (${st.p99Ratio.toFixed(2)}×). ` +
      `Target (no collapse: 0 errors, ≥ 90 % of the asked rate, p99 ≤ 2× without): **${st.met ? 'met' : 'missed'}**.`, '');
    const so = soakVerdict(r);
    const m = r.soak.memory;
    out.push(`Soak: ${r.soak.users} portal users' sessions over ${r.soak.connections} connections for ${r.soak.seconds} s (each connection takes a user and walks dashboard → a service → invoices → threads → documents, then the next user): ` +
      `${r.soak.result.requests} requests, ${f1(r.soak.result.rps)} req/s, p50 ${r.soak.result.p50} ms, p99 ${r.soak.result.p99} ms, errors ${r.soak.result.errors} (answers ${JSON.stringify(r.soak.result.statusCodes)}; timeouts past 30 s ${r.soak.result.timeouts}; connection errors ${JSON.stringify(r.soak.result.errorCodes)}; slowest ${r.soak.result.max} ms). ` +
      `Memory after a full GC (RSS / heap used, MB) at start ${m.start.rssMB} / ${m.start.heapUsedMB}, middle ${m.middle.rssMB} / ${m.middle.heapUsedMB}, end ${m.end.rssMB} / ${m.end.heapUsedMB} (once the queued requests drained: ${m.drained.rssMB} / ${m.drained.heapUsedMB}), peak RSS ${m.maxRssMB}. ` +
      `Target (0 errors; RSS and heap grow < 10 % from middle to end): **${so.met ? 'met' : 'missed'}** (RSS ${(so.rssGrowth * 100).toFixed(1)} %, heap ${(so.heapGrowth * 100).toFixed(1)} %).`, '');
    const g = growthVerdict(r);
    const gr = r.growth;
    out.push(`Data growth: ${gr.firmsAdded} more firms (each ${gr.perFirm.clients} clients with a portal user, ${gr.perFirm.servicesPer} services a client, ${gr.perFirm.tasksPer} tasks a service), seeded in ${f1(gr.seedSeconds)} s: ${JSON.stringify(gr.data)}. ` +
      `Statements per request unchanged: ${JSON.stringify(gr.queriesPerRequest) === JSON.stringify(r.queriesPerRequest) ? 'yes' : `no (${JSON.stringify(gr.queriesPerRequest)})`}.`, '');
    out.push('| route, 1,000 firms | req/s | req/s ÷ baseline | p50 | p50 ÷ baseline | p99 | p99 ÷ baseline | loop p99 | errors |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    out.push(row('portal dashboard, one firm (just before the growth)', gr.dashboardBefore, r.baseline));
    out.push(row('bare Fastify route (baseline, again)', gr.baseline, gr.baseline), row('portal dashboard', gr.dashboard, gr.baseline), row('staff work list', gr.workList, gr.baseline), '');
    out.push(`Dashboard p99 with 1,000 firms ${gr.dashboard.p99} ms vs ${gr.dashboardBefore.p99} ms with one just before (${g.p99Ratio.toFixed(2)}×; vs the first one-firm figure ${ratio(gr.dashboard.p99, r.dashboard.p99).toFixed(2)}×; ` +
      `work list ${ratio(gr.workList.p99, r.workList.p99).toFixed(2)}×). Target (≤ 1.5× the figure just before): **${g.met ? 'met' : 'missed'}**.`, '');
  }
  return `${out.join('\n')}\n`;
}
