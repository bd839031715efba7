/**
 * npm run bench [-- name…] — runs the named benchmarks (all when none is named), in this order:
 *
 *   services   services-and-tasks: queries per request, req/s and latency (bench/services.ts)
 *   documents  document upload/download throughput and server memory (bench/documents.ts)
 *   messages   live message delivery over SSE to 500 connections, p50/p99 vs a bare SSE echo (bench/messages.ts)
 *   load       dashboard/work list under load on PostgreSQL and PGlite, login storm, soak, data growth (bench/load.ts)
 *
 * e.g. `npm run bench -- documents`, or `BENCH_DOC_SIZES=10,100 npm run bench -- documents` for a
 * quick run, or `BENCH_SOAK_SECONDS=600 npm run bench -- load` for the ten-minute soak. Each benchmark writes its results under bench/results/.
 */
const benchmarks: Record<string, () => Promise<void>> = {
  services: async () => (await import('./services.js')).runServices(),
  documents: async () => (await import('./documents.js')).runDocuments(),
  messages: async () => (await import('./messages.js')).runMessages(),
  load: async () => (await import('./load.js')).runLoadBench(),
};

async function main() {
  const asked = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = asked.filter((a) => !(a in benchmarks));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}; choose from ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  const names = asked.length > 0 ? Object.keys(benchmarks).filter((n) => asked.includes(n)) : Object.keys(benchmarks);
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    await benchmarks[name]!();
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
