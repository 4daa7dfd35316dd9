// `npm start`: build the web app when its sources changed, then run the server in this process.
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'web');
const stampFile = join(dist, '.build-stamp');

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) walk(p, out); else out.push(`${p}:${s.size}:${s.mtimeMs}`);
  }
  return out;
}

export function webStamp() {
  const files = [...walk(join(root, 'web'), []), ...walk(join(root, 'contracts'), [])];
  for (const f of ['vite.config.ts', 'package-lock.json']) if (existsSync(join(root, f))) files.push(`${f}:${statSync(join(root, f)).mtimeMs}`);
  return createHash('sha256').update(files.sort().join('\n')).digest('hex');
}

export async function buildWebIfStale() {
  if (!existsSync(join(root, 'web', 'index.html'))) return;
  const stamp = webStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  const started = Date.now();
  console.log('正在构建网页… Building the web app…');
  const { build } = await import('vite');
  // Vite sets NODE_ENV=production while it builds; the server decides on demo data by NODE_ENV.
  const nodeEnv = process.env.NODE_ENV;
  try {
    // The config sets root to web/; passing root here would override it.
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV; else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(stampFile, stamp);
  console.log(`网页构建完成 Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWebIfStale();
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/main.ts');
}
