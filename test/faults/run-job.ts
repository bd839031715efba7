// One scheduled job, run once in its own process the way the scheduler's tick runs it (same buildApp
// wiring, same deps), so test/faults/ can SIGKILL it mid-run. Usage: run-job.ts <job> <ISO time>.
// Configured by the environment like the server (DATABASE_URL, DATA_DIR, LL_FAULT_POINT…).
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config/env.js';
import { runRecurringServices } from '../../src/server/modules/work/index.js';

const [job, at] = process.argv.slice(2);
const now = new Date(at ?? '');
if (job !== 'recurring-services' || Number.isNaN(now.getTime())) {
  console.error('usage: run-job.ts recurring-services <ISO time>');
  process.exit(2);
}
const built = await buildApp(loadConfig());
const created = await runRecurringServices(built.deps, now);
console.log(`JOB_DONE ${job} created=${created}`);
await built.close();
