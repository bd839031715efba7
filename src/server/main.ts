import { ConfigError, loadConfig } from './config/env.js';
import { buildApp } from './app.js';
import { demoLoginSummary, DEMO_PASSWORD, seedDemoData } from './db/seed/demo.js';
import { seedDemoWork } from './db/seed/demo-work.js';
import { portalBaseUrl, staffUrl } from './platform/http/urls.js';

/** Entry point: config → app → listen; demo data on first development start; graceful shutdown on SIGTERM/SIGINT. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const built = await buildApp(config);
  const { app, deps } = built;
  if (config.demoData && !config.isProduction) {
    const created = await seedDemoData(deps.db);
    if (created) {
      await seedDemoWork(deps);
      app.log.info('demo data created');
    }
  }
  await app.listen({ host: config.host, port: config.port });

  const summary = demoLoginSummary(staffUrl(config, ''), (slug) => portalBaseUrl(config, slug));
  const lines = [
    '',
    `Ledger Loom is running at ${config.appBaseUrl}`,
    '',
    `Staff workspace: ${summary.staffUrl}`,
    ...(config.demoData ? [`  staff logins:  ${summary.staff.join(', ')}`] : []),
    ...(config.demoData ? summary.portals.flatMap((p) => [`Client portal of ${p.firm}: ${p.url}`, `  portal logins: ${p.users.join(', ')}`]) : []),
    ...(config.demoData ? [`Every demo password: ${DEMO_PASSWORD}`] : []),
    ...(built.mailCatcher ? [`Emails sent by the app: ${config.appBaseUrl}/dev/mail`] : []),
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await built.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
