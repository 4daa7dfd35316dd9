import { sql, asc, desc, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { AppError } from './errors';

export type SortMap = Record<string, PgColumn>;

export interface Keyset {
  where: SQL | undefined;
  orderBy: SQL[];
  /** The cursor for the page after these rows, or null at the end. */
  next(rows: Record<string, unknown>[], limit: number): string | null;
}

const encode = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decode(cursor: string): [unknown, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[1])) return v as [unknown, number];
  } catch { /* fall through */ }
  throw new AppError('badCursor', 400, { fields: [{ path: 'cursor', code: 'badCursor' }] });
}

/**
 * Keyset pagination over an allow-listed sort column plus the id as tie-breaker:
 * `sort=name` or `sort=-createdAt`. Sort columns are NOT NULL so row comparison holds.
 */
export function keyset(opts: { sort?: string; defaultSort: string; sorts: SortMap; id: PgColumn; cursor?: string }): Keyset {
  const raw = opts.sort || opts.defaultSort;
  const descending = raw.startsWith('-');
  const key = descending ? raw.slice(1) : raw;
  const col = opts.sorts[key];
  if (!col) throw new AppError('badSort', 400, { params: { sort: raw.slice(0, 40) }, fields: [{ path: 'sort', code: 'badSort', params: { sort: raw.slice(0, 40) } }] });
  const dir = descending ? desc : asc;
  // Sortable timestamps are stored at millisecond precision (columns.ts), exactly what a cursor carries.
  const sortKey = col;
  const orderBy = key === 'id' ? [dir(opts.id)] : [dir(sortKey), dir(opts.id)];
  let where: SQL | undefined;
  if (opts.cursor) {
    const [value, id] = decode(opts.cursor);
    if (key === 'id') where = descending ? sql`${opts.id} < ${id}` : sql`${opts.id} > ${id}`;
    else where = descending ? sql`(${sortKey}, ${opts.id}) < (${value}, ${id})` : sql`(${sortKey}, ${opts.id}) > (${value}, ${id})`;
  }
  return {
    where, orderBy,
    next(rows, limit) {
      if (rows.length < limit) return null;
      const last = rows[rows.length - 1];
      const v = last[key];
      return encode([v instanceof Date ? v.toISOString() : v, last.id]);
    },
  };
}

/** Every page of a keyset list, one after the other (for exports that stream a filtered list). */
export async function* allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncIterable<T[]> {
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const page = await read(cursor);
    yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
