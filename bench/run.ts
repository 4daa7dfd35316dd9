import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setPriority } from 'node:os';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openDatabase, migrateDatabase, migrationsFolder, type Database } from '../server/platform/db';
import { createSession, loadSession, type SessionTimes } from '../server/platform/sessions';
import { hashPassword } from '../server/platform/passwords';
import { loadConfig } from '../server/platform/config';
import { generateDistrict, GENERATOR_VERSION, BENCH_PASSWORD, REPAIRS_PER_SCHOOL } from './generate';
import { workloads, scenarios, queryOf, type Workload } from './workloads';
import { scenarioClient, scenarioLoad, closeScenarioClients } from './lib/scenario';
import { execOf, recordingDb, postgresReachable, adminQuery, withDatabase, type Exec, type Statement } from './lib/database';
import { httpLoad, sqlLoad, type Measure } from './lib/load';
import { spawnNode, stopAll, freePort, waitHealthy, sampleMemory, httpGet, startNodeFlags } from './lib/process';
import { accountsOf as accountsFor, loginAll } from './lib/accounts';
import { printResult, printComparison, type BackendResult } from './lib/report';

const root = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

const { values: args } = parseArgs({
  options: {
    schools: { type: 'string', default: '20' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    compare: { type: 'boolean', default: false },
    regenerate: { type: 'boolean', default: false },
    'keep-db': { type: 'boolean', default: false },
    only: { type: 'string' },
    'write-users': { type: 'string' },
    'show-sql': { type: 'boolean', default: false },
    nice: { type: 'string' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`npm run bench -- [options]
  --schools N          schools in the generated district (default 20)
  --duration S         seconds per measured workload (default 10)
  --connections C      autocannon connections and concurrent SQL callers (default 50)
  --warmup S           seconds of unmeasured load before each measurement (default 3)
  --database-url URL   PostgreSQL server to bench on (a fresh database is created and dropped);
                       DATABASE_URL works too. Without either: PGlite in .bench-data/pglite-<N>
  --data-dir DIR       PGlite folder (default .bench-data/pglite-<N>, reused when generated for N)
  --compare            PGlite, then PostgreSQL (${DEFAULT_PG} unless given), and the ratio
  --regenerate         rebuild the PGlite folder even if it matches
  --keep-db            do not drop the PostgreSQL bench database
  --only SUBSTR        only the workloads whose name contains SUBSTR
  --write-users N      concurrent users of every write scenario (default: each scenario's own, else --connections)
  --show-sql           print the SQL floor's recorded statements
  --nice=N             run the bench and its servers at this niceness (e.g. -10 as root on a shared machine)
  --cpu-prof DIR       write the server's V8 CPU profile (.cpuprofile, open in Chrome DevTools) into DIR`);
  process.exit(0);
}

const opts = {
  schools: Number(args.schools),
  duration: Number(args.duration),
  connections: Number(args.connections),
  warmup: Number(args.warmup),
};
for (const [k, v] of Object.entries(opts)) if (!Number.isFinite(v) || v < 0 || (k !== 'warmup' && v <= 0)) throw new Error(`--${k} must be a positive number`);
if (args.nice !== undefined) setPriority(Number(args.nice)); // children (server, bare server) inherit it
const selected = workloads.filter((w) => !args.only || w.name.includes(args.only));
const selectedScenarios = scenarios.filter((w) => !args.only || w.name.includes(args.only));
const times: SessionTimes = { idleMs: loadConfig({}).sessionIdleMs, absoluteMs: loadConfig({}).sessionAbsoluteMs };
const log = (msg: string) => console.error(`[bench] ${msg}`);

const cleanups: (() => Promise<void>)[] = [];
async function cleanup() {
  await stopAll();
  for (const c of cleanups.splice(0).reverse()) await c().catch((e) => log(`cleanup: ${e}`));
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));

const accountsOf = (w: Pick<Workload, 'accounts'>) => accountsFor(w, opts.schools);

/** A folder generated under other migrations is rebuilt (a regenerated migration would be re-run on it). */
function migrationsSignature(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder).filter((x) => x.endsWith('.sql')).sort()) h.update(f).update(readFileSync(join(migrationsFolder, f)));
  h.update(readFileSync(join(migrationsFolder, 'meta', '_journal.json')));
  return h.digest('hex').slice(0, 16);
}

// ── Database: generate or reuse ──

interface Prepared { database: Database; exec: Exec; generation: BackendResult['generation']; teardown?: () => Promise<void> }

async function prepareDatabase(kind: 'pglite' | 'postgres', pgUrl?: string): Promise<Prepared & { serverEnv: Record<string, string> }> {
  if (kind === 'pglite') {
    const dir = resolve(args['data-dir'] ?? join(root, '.bench-data', `pglite-${opts.schools}`));
    const markerFile = `${dir}.json`;
    const want = { schools: opts.schools, generator: GENERATOR_VERSION, repairsPerSchool: REPAIRS_PER_SCHOOL, migrations: migrationsSignature() };
    let reuse = false;
    if (!args.regenerate && existsSync(dir) && existsSync(markerFile)) {
      try {
        const have = JSON.parse(readFileSync(markerFile, 'utf8'));
        reuse = JSON.stringify({ schools: have.schools, generator: have.generator, migrations: have.migrations }) === JSON.stringify(want);
      } catch { /* rebuild */ }
    }
    if (!reuse) {
      rmSync(markerFile, { force: true });
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    const t0 = performance.now();
    const database = await openDatabase({ dataDir: dir });
    const exec = execOf(database);
    let generation: BackendResult['generation'];
    if (reuse) {
      generation = { reused: true, ms: 0, rows: {}, where: dir };
      log(`reusing ${dir} (${opts.schools} schools)`);
    } else {
      log(`generating ${opts.schools} schools into ${dir} …`);
      await migrateDatabase(database);
      const g = await generateDistrict(exec, opts.schools, await hashPassword(BENCH_PASSWORD));
      generation = { reused: false, ms: performance.now() - t0, rows: g.rows, where: dir };
      writeFileSync(markerFile, JSON.stringify({ ...want, generatedAt: new Date().toISOString(), rows: g.rows }, null, 2));
      log(`generated in ${(generation.ms / 1000).toFixed(1)} s (incl. migrations): ${JSON.stringify(g.rows)}`);
    }
    return { database, exec, generation, serverEnv: { HOUQIN_DATA_DIR: dir } };
  }

  const admin = pgUrl!;
  const name = `houqin_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = withDatabase(admin, name);
  const teardown = async () => {
    if (args['keep-db']) { log(`kept database ${name}`); return; }
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    log(`dropped database ${name}`);
  };
  cleanups.push(teardown);
  const t0 = performance.now();
  const database = await openDatabase({ databaseUrl: url, poolSize: opts.connections });
  await migrateDatabase(database);
  log(`generating ${opts.schools} schools into PostgreSQL database ${name} …`);
  const client = await database.pool!.connect();
  let g;
  try {
    g = await generateDistrict(async (text, params = []) => ({ rows: (await client.query(text, params)).rows }), opts.schools, await hashPassword(BENCH_PASSWORD));
  } finally {
    client.release();
  }
  const generation = { reused: false, ms: performance.now() - t0, rows: g.rows, where: `${new URL(admin).host}/${name}` };
  log(`generated in ${(generation.ms / 1000).toFixed(1)} s (incl. migrations): ${JSON.stringify(g.rows)}`);
  return { database, exec: execOf(database), generation, teardown, serverEnv: { DATABASE_URL: url } };
}

// ── The SQL floor: record what the server's code runs, replay it raw ──

async function recordPlans(database: Database, exec: Exec): Promise<Statement[][][]> {
  // Sessions of earlier runs would only grow the table; this database is the bench's own.
  await exec('DELETE FROM sessions');
  const rec = recordingDb(database);
  const plans: Statement[][][] = [];
  for (const w of selected) {
    const perAccount: Statement[][] = [];
    for (const username of accountsOf(w)) {
      const { rows: [u] } = await exec('SELECT school_id, user_id FROM usernames WHERE username = $1', [username]);
      if (!u) throw new Error(`no generated account ${username}`);
      const token = await createSession(database.db, { schoolId: Number(u.school_id), userId: Number(u.user_id) }, times, { ip: '127.0.0.1', userAgent: 'houqin-bench' });
      rec.take();
      const auth = await loadSession(rec.db, token, times);
      if (!auth) throw new Error(`session of ${username} did not load`);
      await w.floor({ db: rec.db, auth, query: queryOf(w.path) });
      perAccount.push(rec.take());
    }
    // Each statement must run as recorded before it is timed.
    for (const s of perAccount[0]) await exec(s.text, s.params);
    if (args['show-sql']) {
      console.log(`\n-- ${w.name}: ${perAccount[0].length} statement(s) per request`);
      for (const s of perAccount[0]) console.log(`${s.text.replace(/\s+/g, ' ')}\n   -- params ${JSON.stringify(s.params)}`);
    }
    plans.push(perAccount);
  }
  return plans;
}

// ── One backend end to end ──

async function runBackend(kind: 'pglite' | 'postgres', pgUrl?: string): Promise<BackendResult> {
  const startedAt = new Date();
  const prepared = await prepareDatabase(kind, pgUrl);
  const { database, exec } = prepared;
  const sqlFloors: Measure[] = [];
  try {
    const plans = await recordPlans(database, exec);
    for (let i = 0; i < selected.length; i++) {
      log(`SQL floor: ${selected[i].name} (${opts.connections} callers, ${opts.duration} s)`);
      if (opts.warmup) await sqlLoad(exec, plans[i], opts.connections, opts.warmup);
      sqlFloors.push(await sqlLoad(exec, plans[i], opts.connections, opts.duration, kind === 'postgres'));
    }
  } finally {
    // Only one process may open a PGlite folder: the bench lets go before the server starts.
    await database.close();
  }

  // The real server, on the populated database.
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', HOUQIN_DEMO: 'off', LOG_LEVEL: 'warn', ...prepared.serverEnv };
  if (kind === 'pglite') delete env.DATABASE_URL;
  log(`starting the server (${kind}) on port ${port}`);
  const nodeArgs = [...startNodeFlags(root), ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`] : [])];
  const server = spawnNode('server/main.ts', { cwd: root, env, port, nodeArgs });
  const startupMs = await waitHealthy(server);
  const memory = sampleMemory(server.pid);
  log(`healthy after ${(startupMs / 1000).toFixed(2)} s`);

  const cookies = await loginAll(server.url, [...selected, ...selectedScenarios].flatMap(accountsOf));
  const bodies: unknown[] = [];
  const http: Measure[] = [];
  for (const w of selected) {
    const headers = accountsOf(w).map((u) => ({ cookie: cookies.get(u)! }));
    const probe = await httpGet(server.url + w.path, headers[0]);
    if (probe.status !== 200) throw new Error(`${w.name}: ${probe.status} ${probe.body.slice(0, 300)}`);
    bodies.push(JSON.parse(probe.body));
    log(`server: ${w.name} (${opts.connections} connections, ${opts.duration} s, ${headers.length} accounts)`);
    if (opts.warmup) await httpLoad({ url: server.url, path: w.path, headers, connections: opts.connections, seconds: opts.warmup });
    http.push(await httpLoad({ url: server.url, path: w.path, headers, connections: opts.connections, seconds: opts.duration, pid: server.pid, postgres: kind === 'postgres' }));
  }
  // Write scenarios last: they add rows (and empty the read cache) as they go.
  const writes: BackendResult['scenarios'] = [];
  for (const sc of selectedScenarios) {
    const clients = await Promise.all(accountsOf(sc).map(async (u) => {
      const client = scenarioClient(server.url, u, cookies.get(u)!);
      return { client, state: await sc.prepare(client) };
    }));
    const users = args['write-users'] ? Number(args['write-users']) : sc.users ?? opts.connections;
    log(`server: ${sc.name} (${users} concurrent users, ${opts.duration} s, ${clients.length} accounts)`);
    if (opts.warmup) await scenarioLoad(sc, clients, users, opts.warmup);
    const m = await scenarioLoad(sc, clients, users, opts.duration, server.pid);
    if (m.firstError) log(`${sc.name}: first error: ${m.firstError}`);
    writes.push({ name: `${sc.name} (${users} at once)`, targets: sc.targets, measure: m });
  }
  const mem = memory.stop();
  await closeScenarioClients();
  await server.stop();

  // The HTTP floor: bare Fastify answering the same bodies.
  const bodiesFile = join(root, '.bench-data', `bare-bodies-${process.pid}.json`);
  mkdirSync(join(root, '.bench-data'), { recursive: true });
  writeFileSync(bodiesFile, JSON.stringify(bodies));
  const barePort = await freePort();
  const bare = spawnNode('bench/bare-server.ts', { cwd: root, env: { ...process.env, PORT: String(barePort), BARE_BODIES: bodiesFile }, port: barePort });
  const bareFloors: Measure[] = [];
  try {
    await waitHealthy(bare);
    for (let i = 0; i < selected.length; i++) {
      log(`bare Fastify: ${selected[i].name}`);
      if (opts.warmup) await httpLoad({ url: bare.url, path: `/w${i}`, headers: [{}], connections: opts.connections, seconds: opts.warmup });
      bareFloors.push(await httpLoad({ url: bare.url, path: `/w${i}`, headers: [{}], connections: opts.connections, seconds: opts.duration, pid: bare.pid }));
    }
  } finally {
    await bare.stop();
    rmSync(bodiesFile, { force: true });
  }
  if (prepared.teardown) {
    cleanups.splice(cleanups.indexOf(prepared.teardown), 1);
    await prepared.teardown();
  }

  return {
    kind, startedAt: startedAt.toISOString(), schools: opts.schools, connections: opts.connections, duration: opts.duration,
    generation: prepared.generation, startupMs, memory: mem,
    rows: selected.map((w, i) => ({ workload: w, http: http[i], bare: bareFloors[i], sql: sqlFloors[i], bodyBytes: JSON.stringify(bodies[i]).length })),
    scenarios: writes,
  };
}

async function main() {
  const url = args['database-url'] ?? process.env.DATABASE_URL;
  const plan: { kind: 'pglite' | 'postgres'; url?: string }[] = [];
  if (args.compare) {
    plan.push({ kind: 'pglite' });
    const pgUrl = url ?? DEFAULT_PG;
    if (await postgresReachable(pgUrl)) plan.push({ kind: 'postgres', url: pgUrl });
    else log(`PostgreSQL at ${pgUrl} is not reachable: comparing skipped`);
  } else {
    plan.push(url ? { kind: 'postgres', url } : { kind: 'pglite' });
  }
  const results: BackendResult[] = [];
  for (const p of plan) {
    const r = await runBackend(p.kind, p.url);
    results.push(r);
    printResult(r);
  }
  if (results.length === 2) printComparison(results[0], results[1]);
  const out = join(root, '.bench-data', `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(results.map((r) => ({ ...r, rows: r.rows.map((x) => ({ ...x, workload: x.workload.name })) })), null, 2));
  log(`results saved to ${out}`);
}

main().then(
  async () => { await cleanup(); process.exit(0); },
  async (e) => { console.error(e); await cleanup(); process.exit(1); },
);
