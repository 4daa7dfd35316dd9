import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';

/** Who is reading: the schools they may read (an inspector: the district's), themselves, their roles. */
export interface Reader { schoolIds: number[]; userId: number; roles: readonly string[]; timezone?: string }

type Raw = Record<string, unknown>;

const encode = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decode(cursor: string): [string, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isInteger(v[1])) return v as [string, number];
  } catch { /* fall through */ }
  throw new AppError('badCursor', 400, { fields: [{ path: 'cursor', code: 'badCursor' }] });
}

/**
 * One page in one statement, keyset-ordered by a NOT NULL timestamp and the id: the filtered,
 * ordered, limited rows of `table` first (one index range), then `select` joins the names.
 */
export async function keysetPage<T>(db: Db, o: {
  table: string; where: SQL[]; sortColumn: string; sort: string; cursor?: string; limit: number;
  select: (from: SQL) => SQL; map: (r: Raw) => T;
}): Promise<{ items: T[]; nextCursor: string | null }> {
  const desc = o.sort.startsWith('-');
  const dir = sql.raw(desc ? 'DESC' : 'ASC');
  const col = sql.identifier(o.sortColumn);
  const conds = [...o.where];
  if (o.cursor) {
    const [value, id] = decode(o.cursor);
    conds.push(desc ? sql`(${col}, id) < (${value}::timestamptz, ${id})` : sql`(${col}, id) > (${value}::timestamptz, ${id})`);
  }
  const inner = sql`(SELECT * FROM ${sql.identifier(o.table)} WHERE ${sql.join(conds, sql` AND `)} ORDER BY ${col} ${dir}, id ${dir} LIMIT ${o.limit})`;
  const rows = await rowsOf<Raw>(db, sql`${o.select(inner)} ORDER BY p.${col} ${dir}, p.id ${dir}`);
  const last = rows[rows.length - 1];
  const nextCursor = rows.length < o.limit || !last ? null : encode([new Date(last[o.sortColumn] as string).toISOString(), Number(last.id)]);
  return { items: rows.map(o.map), nextCursor };
}
