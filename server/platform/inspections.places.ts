import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import { AppError } from './errors';

/*
 * The inspection engine's only reading of the organisation's place tree (org's `locations` and
 * `buildings` tables), as read-only SQL kept in this one file: the platform may not import a module,
 * and inspections happen at places. Names and paths are read in the same statement as the engine's
 * own rows, so a page costs one round trip.
 */

/** "教学楼 / 三楼 / 301教室": the building, the ancestors and the place, as one label. */
export const PLACE_PATH_SQL = (loc: string) => sql.raw(`concat_ws(' / ',
  (SELECT b.name FROM buildings b WHERE b.school_id = ${loc}.school_id AND b.id = ${loc}.building_id),
  (SELECT string_agg(a.name, ' / ' ORDER BY a.depth) FROM locations a WHERE a.school_id = ${loc}.school_id
     AND a.id = ANY(string_to_array(trim(both '/' from ${loc}.path), '/')::int[])),
  ${loc}.name)`);

/** A place of the school that is in use, or 400 naming the field. Returns its path label. */
export async function checkPlace(db: Db, schoolId: number, id: number, field: string): Promise<string> {
  const [r] = await rowsOf<{ path: string; active: boolean }>(db, sql`SELECT ${PLACE_PATH_SQL('l')} AS path, l.active FROM locations l
    WHERE l.school_id = ${schoolId} AND l.id = ${id}`);
  if (!r || !r.active) throw new AppError('inspections.locationMissing', 400, { fields: [{ path: field, code: 'inspections.locationMissing' }] });
  return r.path;
}

/** Path labels of some places of a school, each computed once (a report's hundreds of rows share a few dozen places). */
export async function placeLabels(db: Db, schoolId: number, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  const out = new Map<number, string>();
  if (!wanted.length) return out;
  const rows = await rowsOf<{ id: number; path: string }>(db, sql`SELECT l.id, ${PLACE_PATH_SQL('l')} AS path FROM locations l
    WHERE l.school_id = ${schoolId} AND l.id IN (${sql.join(wanted.map((x) => sql`${x}::int`), sql`, `)})`);
  for (const r of rows) out.set(Number(r.id), r.path);
  return out;
}

export async function placeLabel(db: Db, schoolId: number, id: number | null): Promise<string> {
  if (id === null) return '';
  const [r] = await rowsOf<{ path: string }>(db, sql`SELECT ${PLACE_PATH_SQL('l')} AS path FROM locations l WHERE l.school_id = ${schoolId} AND l.id = ${id}`);
  return r?.path ?? '';
}

/**
 * "The row's place is this place or under it": the place's own path is read first (one small query),
 * so the subtree is one range scan of org's path index.
 */
export async function placeSubtree(db: Db, schoolIds: number[], locationId: number, column: SQL): Promise<SQL> {
  const [root] = await rowsOf<{ school_id: number; path: string }>(db, sql`SELECT school_id, path FROM locations
    WHERE id = ${locationId} AND school_id IN (${sql.join(schoolIds.map((x) => sql`${x}::int`), sql`, `)}) LIMIT 1`);
  if (!root) return sql`false`;
  const prefix = `${root.path}${locationId}/`.replace(/[\\%_]/g, (m) => '\\' + m);
  return sql`${column} IN (SELECT id FROM locations WHERE school_id = ${root.school_id} AND (id = ${locationId} OR path LIKE ${prefix + '%'}))`;
}
