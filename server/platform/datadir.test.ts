import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { inject } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { lockDataDir, DataDirLockedError } from './datadir-lock';
import { openDatabase, migrateDatabase, migrationsFolder } from './db';

/* One process per PGlite folder; kill -9 loses no acknowledged write (issue #2 §2). */

const root = fileURLToPath(new URL('../..', import.meta.url));
const childScript = fileURLToPath(new URL('../test/datadir-child.ts', import.meta.url));
const temps: string[] = [];
const children: ChildProcess[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'houqin-datadir-')); temps.push(d); return d; };

/** Every migration in the journal was applied. */
const migrationCount = (JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A migrated PGlite data directory: from the run's snapshot when there is one (fast), else built. */
async function migratedDataDir(): Promise<string> {
  const dir = tempDir();
  const snapshot = inject('snapshot');
  const pglite = snapshot
    ? await PGlite.create({ dataDir: dir, loadDataDir: new Blob([readFileSync(snapshot)]) })
    : await PGlite.create({ dataDir: dir });
  if (!snapshot) await migrateDatabase(await openDatabase({ pglite }));
  await pglite.close();
  return dir;
}

interface Running { child: ChildProcess; lines: string[]; stderr: () => string; exited: Promise<number | null>; waitFor(re: RegExp, ms: number): Promise<string> }

function run(args: string[], env: Record<string, string> = {}): Running {
  // The embedded database is under test: a PostgreSQL run's DATABASE_URL must not reach the children.
  const { DATABASE_URL: _url, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let err = '';
  let buf = '';
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      for (const w of [...waiters]) if (w.re.test(l)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(l); }
    }
  });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child, lines, stderr: () => err, exited,
    waitFor(re, ms) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stdout: ${lines.slice(-5).join(' | ')}; stderr: ${err.slice(-2000)}`)), ms);
        waiters.push({ re, resolve: (l) => { clearTimeout(timer); resolve(l); } });
        exited.then((code) => { clearTimeout(timer); reject(new Error(`exited ${code} before ${re}; stderr: ${err.slice(-2000)}`)); });
      });
    },
  };
}

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
});

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => c.on('exit', r));
  return c.pid!;
}

describe('data directory lock and durability', () => {
  // One writer process serves both tests: it holds the folder while it runs, then dies by kill -9.
  let dir: string;
  let writer: Running;
  beforeAll(async () => {
    dir = await migratedDataDir();
    writer = run([childScript, 'insert', dir]);
    await writer.waitFor(/^ready/, 120_000);
  }, 180_000);

  it('refuses a second holder with a clear message naming the folder and the process', async () => {
    const pid = writer.child.pid!;
    expect(readFileSync(join(dir, 'houqin.lock'), 'utf8')).toBe(String(pid));
    let err: unknown;
    try { lockDataDir(dir); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as DataDirLockedError).pid).toBe(pid);
    expect((err as Error).message).toContain(dir);
    expect((err as Error).message).toContain(`进程 ${pid}`);
    expect((err as Error).message).toContain(`in use by process ${pid}`);
    // Opening the database is refused the same way, and the holder's lock stays.
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    expect(readFileSync(join(dir, 'houqin.lock'), 'utf8')).toBe(String(pid));
  });

  it('after kill -9, reopening the folder finds every acknowledged write', async () => {
    await writer.waitFor(/^ack 150$/, 120_000);
    writer.child.kill('SIGKILL');
    expect(await writer.exited).toBeNull();
    const acked = writer.lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4)));
    const last = Math.max(...acked);
    expect(last).toBeGreaterThanOrEqual(150);
    // The dead writer's lock is stale: the folder opens, and every acknowledged row is there.
    const database = await openDatabase({ dataDir: dir });
    try {
      const rows = await database.rows<{ n: number }>(sql`SELECT n FROM acks WHERE n <= ${last} ORDER BY n`);
      expect(rows.length).toBe(last);
      expect(rows.map((r) => Number(r.n))).toEqual(acked.slice().sort((a, b) => a - b));
      // And the app's own tables came through the crash intact.
      expect(await database.rows(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).toEqual([{ n: migrationCount }]);
    } finally {
      await database.close();
    }
    expect(existsSync(join(dir, 'houqin.lock'))).toBe(false);
  }, 180_000);

  it('takes over a stale lock whose process is gone, and releases only its own', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'houqin.lock'), String(await deadPid()));
    const release = lockDataDir(d);
    expect(readFileSync(join(d, 'houqin.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(d, 'houqin.lock'))).toBe(false);
    release();
    // An empty or garbled lock file is stale too.
    writeFileSync(join(d, 'houqin.lock'), '');
    const again = lockDataDir(d);
    expect(readFileSync(join(d, 'houqin.lock'), 'utf8')).toBe(String(process.pid));
    again();
  });
});

describe('a second server on the same folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await migratedDataDir();
    const database = await openDatabase({ dataDir: dir });
    await database.db.execute(sql`INSERT INTO districts (code, name) VALUES ('KEEP', '保留县')`);
    await database.close();
  }, 180_000);

  it('exits non-zero with a clear message, and the first one and its data are untouched', async () => {
    const env = { HOUQIN_DATA_DIR: dir, HOUQIN_DEMO: 'off', NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'error' };
    const port1 = await freePort();
    const first = run(['server/main.ts'], { ...env, PORT: String(port1) });
    await first.waitFor(/listening on/, 180_000);
    expect((await fetch(`http://127.0.0.1:${port1}/healthz`)).status).toBe(200);

    const second = run(['server/main.ts'], { ...env, PORT: String(await freePort()) });
    const code = await Promise.race([second.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 120_000))]);
    expect(code).not.toBe('hung');
    expect(code).not.toBe(0);
    expect(second.stderr()).toContain(`正被进程 ${first.child.pid} 使用`);
    expect(second.stderr()).toContain(`in use by process ${first.child.pid}`);
    expect(second.stderr()).not.toMatch(/at .*\.ts:\d+/);

    // The first still answers, and stops cleanly on SIGTERM, releasing the folder.
    const health = await fetch(`http://127.0.0.1:${port1}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dir, 'houqin.lock'))).toBe(false);
    const database = await openDatabase({ dataDir: dir });
    try {
      expect(await database.rows(sql`SELECT code, name FROM districts`)).toEqual([{ code: 'KEEP', name: '保留县' }]);
      expect(await database.rows(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).toEqual([{ n: migrationCount }]);
    } finally {
      await database.close();
    }
  }, 400_000);
});
