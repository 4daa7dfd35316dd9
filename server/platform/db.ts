import { PGlite, protocol, parse as pgliteParse, types as pgTypes } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { lockDataDir } from './datadir-lock';

/** A database or a transaction: use cases take this and never care which. */
export type Db = PgDatabase<PgQueryResultHKT>;

import { ReadCache, watchWrites, attachReadCache } from './readcache';

export const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url));

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Rows of a raw statement, the same shape on both drivers. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

/**
 * A PostgreSQL array literal ('{1,2}', '{"a","b"}') for one parameter cast to an array type
 * (`unnest(${pgArray(ids)}::int[])`): the statement's text stays the same for any number of values,
 * and both drivers pass it as text. Strings are quoted and escaped; null is NULL.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, (m) => '\\' + m)}"`)).join(',')}}`;
}

export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

// ── Prepared statements on PGlite ──
// PGlite runs a statement as six calls into PostgreSQL (parse, describe, bind, describe, execute, sync),
// and PostgreSQL plans an unnamed statement anew at every bind. A statement the server runs thousands
// of times with the same text (the gate's scan) is parsed once per database as a named statement, and
// each run is one call (bind, describe, execute, sync); PostgreSQL keeps a generic plan after five runs.

const transactionRoots = new WeakMap<object, PGlite>();
const tracked = new WeakSet<PGlite>();
const preparedNames = new WeakMap<PGlite, Map<string, string>>();
const dialect = new PgDialect();
// The parsers drizzle gives raw statements (timestamps, dates and intervals stay text), so rows are the same either way.
const rawParsers = Object.fromEntries([pgTypes.TIMESTAMP, pgTypes.TIMESTAMPTZ, pgTypes.INTERVAL, pgTypes.DATE].map((t) => [t, (v: string) => v]));

// ── Background work gives way to requests (PGlite) ──
// PGlite answers through promises alone: a job of fifty statements would hold the server's one thread
// from its first statement to its last, and every request that arrives meanwhile would wait unread.
// Inside `inBackground`, each statement outside a transaction, and each transaction, is a step: it
// first waits for the next turn of the event loop (after the sockets are read), and after a step of
// d ms the next background step waits 4d ms more, so background work takes at most a fifth of the
// thread while requests queue for it (the gate's scans during the overdue sweep). A
// transaction's own statements run straight through: pausing inside one would keep every request's
// statements waiting for its lock all the longer.

const background = new AsyncLocalStorage<boolean>();
let backgroundResumesAt = 0;
/** After a background step of d ms, the next waits this many times d: background work takes at most a fifth of the thread. */
const BACKGROUND_PAUSE_RATIO = 4;

async function backgroundStep<T>(step: () => Promise<T>): Promise<T> {
  const wait = backgroundResumesAt - performance.now();
  await new Promise<void>((resolve) => (wait >= 1 ? setTimeout(resolve, Math.min(wait, 1000)) : setImmediate(resolve)));
  const started = performance.now();
  try {
    return await step();
  } finally {
    const ended = performance.now();
    backgroundResumesAt = Math.max(backgroundResumesAt, ended + BACKGROUND_PAUSE_RATIO * (ended - started));
  }
}

/** Runs `work` as background work (the jobs runner does): on PGlite its statements give way to requests. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return background.run(true, work);
}

type Runner = (...args: unknown[]) => Promise<unknown>;

/**
 * Remembers which PGlite a transaction belongs to (so a statement inside it can reach the protocol),
 * and makes background statements and transactions give way to requests.
 */
function trackTransactions(pglite: PGlite) {
  if (tracked.has(pglite)) return;
  tracked.add(pglite);
  const target = pglite as unknown as Record<'query' | 'exec', Runner>;
  for (const name of ['query', 'exec'] as const) {
    const original = target[name].bind(pglite);
    target[name] = (...args: unknown[]) => (background.getStore() ? backgroundStep(() => original(...args)) : original(...args));
  }
  const original = pglite.transaction.bind(pglite);
  const run = (fn: (tx: object) => Promise<unknown>) => original((tx) => { transactionRoots.set(tx, pglite); return fn(tx); });
  pglite.transaction = ((fn: (tx: object) => Promise<unknown>) => (background.getStore() ? backgroundStep(() => run(fn)) : run(fn))) as PGlite['transaction'];
}

function protocolValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function concatMessages(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * Rows of a statement whose text is always the same (only its parameters change: use `pgArray` for
 * lists). On PGlite inside a transaction it runs as a named prepared statement (see above); on
 * PostgreSQL, or outside a transaction, it runs as any statement. Either way the rows are those of `rowsOf`.
 */
export async function preparedRows<T>(db: Db, query: SQL): Promise<T[]> {
  const client = (db as unknown as { session?: { client?: { closed?: boolean } } }).session?.client;
  const root = client ? transactionRoots.get(client) : undefined;
  if (!root || client!.closed) return rowsOf<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  let names = preparedNames.get(root);
  if (!names) { names = new Map(); preparedNames.set(root, names); }
  const values = params.map(protocolValue);
  return root.runExclusive(async () => {
    let name = names.get(text);
    if (!name) {
      const candidate = `hq_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      await root.execProtocol(concatMessages([protocol.serialize.parse({ name: candidate, text, types: [] }), protocol.serialize.sync()]), { syncToFs: false })
        .catch((e: Error) => { throw new DrizzleQueryError(text, values, e); });
      names.set(text, candidate);
      name = candidate;
    }
    // Errors wrapped as drizzle wraps them, so callers see one shape (the cause carries the SQLSTATE).
    const { messages } = await root.execProtocol(concatMessages([
      protocol.serialize.bind({ statement: name, values }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]), { syncToFs: false }).catch((e: Error) => { throw new DrizzleQueryError(text, values, e); });
    return (pgliteParse.parseResults(messages, root.parsers, { rowMode: 'object', parsers: rawParsers })[0]?.rows ?? []) as T[];
  });
}

export interface OpenOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** A PGlite instance made elsewhere (tests clone a migrated snapshot). */
  pglite?: PGlite;
  lock?: boolean;
  poolSize?: number;
  /** PGlite only: cache list answers until the next write (docs/adr/0004). Default on. */
  readCache?: boolean;
}

const watched = new WeakMap<PGlite, ReadCache>();

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server ends (a restart, an administrator, a dropped test database)
    // is an 'error' on the pool: without a listener Node would end the process. The pool drops
    // that connection and opens another when one is needed.
    pool.on('error', (err) => { console.warn(`数据库空闲连接已断开 / an idle database connection was closed: ${err.message}`); });
    // pg returns int8 as text; counts are cast in SQL, ids are int4.
    const db = drizzlePg(pool) as unknown as Db;
    return { db, kind: 'postgres', pool, rows: (q) => rowsOf(db, q), close: () => pool.end() };
  }
  let release = () => {};
  let client = opts.pglite;
  if (!client) {
    if (!opts.dataDir) throw new Error('dataDir or databaseUrl is required');
    if (opts.lock !== false) release = lockDataDir(opts.dataDir);
    try {
      client = await PGlite.create(opts.dataDir);
    } catch (e) {
      release();
      throw e;
    }
  }
  const pglite = client;
  trackTransactions(pglite);
  const db = drizzlePglite(pglite) as unknown as Db;
  if (opts.readCache !== false) {
    let cache = watched.get(pglite);
    if (!cache) { cache = new ReadCache(); watchWrites(pglite, cache); watched.set(pglite, cache); }
    attachReadCache(db, cache);
  }
  return {
    db, kind: 'pglite', pglite, rows: (q) => rowsOf(db, q),
    close: async () => { try { if (!pglite.closed) await pglite.close(); } finally { release(); } },
  };
}

/** Applies the forward-only SQL migrations; on PostgreSQL one process at a time. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727274)');
    try {
      await migratePg(drizzlePg(client) as never, { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock(727274)');
    }
  } finally {
    client.release();
  }
}

export { sql };
