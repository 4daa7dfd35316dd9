import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
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
