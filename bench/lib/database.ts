import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { Database, Db } from '../../server/platform/db';

/** A raw statement as the server sends it to the driver: text and parameters. */
export interface Statement { text: string; params: unknown[] }

/** Runs raw SQL straight through the driver (PGlite or pg), with no ORM in between. */
export type Exec = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export function execOf(database: Database): Exec {
  if (database.pglite) {
    const client = database.pglite;
    return async (text, params = []) => ({ rows: (await client.query<Record<string, unknown>>(text, params)).rows });
  }
  const pool = database.pool!;
  return async (text, params = []) => ({ rows: (await pool.query(text, params)).rows as Record<string, unknown>[] });
}

/**
 * A drizzle instance on the same connection that records every statement it sends, so the SQL
 * floor replays exactly what the server's own code (loadSession, resourceService.list) runs.
 */
export function recordingDb(database: Database): { db: Db; take(): Statement[] } {
  let log: Statement[] = [];
  const logger = { logQuery: (text: string, params: unknown[]) => { log.push({ text, params: [...params] }); } };
  const db = (database.pglite ? drizzlePglite(database.pglite, { logger }) : drizzlePg(database.pool!, { logger })) as unknown as Db;
  return { db, take: () => { const out = log; log = []; return out; } };
}

/** Splits postgres://…/dbname into the server URL and swaps in another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { await client.query(text); } finally { await client.end(); }
}
