// `npm run e2e`: browser journeys in Debian's Chromium (playwright-core; no browser download).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`找不到 Chromium: ${chromium}。请安装 apt-get install chromium fonts-noto-cjk / Chromium not found; install Debian's chromium.`);
  process.exit(2);
}
const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
process.exit(r.status ?? 1);
