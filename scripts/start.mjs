// npm start: build the web app if it is not built yet (or the sources are newer), then run the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const index = join('dist', 'web', 'index.html');
const stale = !existsSync(index) || newest(join('src', 'web')) > statSync(index).mtimeMs || newest(join('src', 'contracts')) > statSync(index).mtimeMs;
if (stale) {
  console.log('Building the web app (first start, or its sources changed)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { stdio: 'inherit' });
process.exit(r.status ?? 0);
