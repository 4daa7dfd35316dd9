import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';

/*
 * Read-only SQL over the organisation's place tree (locations, buildings), kept in this one file.
 * Repairs never writes those tables and imports none of org's internals; it reads names and paths
 * in the same query as its own rows so a page of orders costs one round trip, not one per row.
 */

/** "教学楼 / 三楼 / 301教室": the building, the ancestors and the place, as one label. */
export const LOCATION_PATH_SQL = (loc: string) => sql.raw(`concat_ws(' / ',
  (SELECT b.name FROM buildings b WHERE b.school_id = ${loc}.school_id AND b.id = ${loc}.building_id),
  (SELECT string_agg(a.name, ' / ' ORDER BY a.depth) FROM locations a WHERE a.school_id = ${loc}.school_id
     AND a.id = ANY(string_to_array(trim(both '/' from ${loc}.path), '/')::int[])),
  ${loc}.name)`);

export interface LocationInfo { id: number; name: string; path: string; buildingId: number | null; buildingName: string | null }

/** Names and paths of some places of a school, in one query. */
export async function locationInfos(db: Db, schoolId: number, ids: number[]): Promise<Map<number, LocationInfo>> {
  const wanted = [...new Set(ids)];
  const out = new Map<number, LocationInfo>();
  if (!wanted.length) return out;
  const rows = await rowsOf<{ id: number; name: string; path: string; building_id: number | null; building_name: string | null }>(db, sql`
    SELECT l.id, l.name, ${LOCATION_PATH_SQL('l')} AS path, l.building_id, b.name AS building_name
    FROM locations l LEFT JOIN buildings b ON b.school_id = l.school_id AND b.id = l.building_id
    WHERE l.school_id = ${schoolId} AND l.id IN (${sql.join(wanted.map((x) => sql`${x}::int`), sql`, `)})`);
  for (const r of rows) out.set(Number(r.id), { id: Number(r.id), name: r.name, path: r.path, buildingId: r.building_id === null ? null : Number(r.building_id), buildingName: r.building_name });
  return out;
}

export async function locationLabel(db: Db, schoolId: number, id: number): Promise<string> {
  return (await locationInfos(db, schoolId, [id])).get(id)?.path ?? '';
}

/**
 * A condition "the order's place is this place or under it". The place's own path is read first
 * (one small query), so the subtree is one range scan of the path index.
 */
export async function subtreeCondition(db: Db, schoolIds: number[], locationId: number, column: SQL): Promise<SQL> {
  const [root] = await rowsOf<{ school_id: number; path: string }>(db, sql`SELECT school_id, path FROM locations
    WHERE id = ${locationId} AND school_id IN (${sql.join(schoolIds.map((x) => sql`${x}::int`), sql`, `)}) LIMIT 1`);
  if (!root) return sql`false`;
  const prefix = `${root.path}${locationId}/`.replace(/[\\%_]/g, (m) => '\\' + m);
  return sql`${column} IN (SELECT id FROM locations WHERE school_id = ${root.school_id} AND (id = ${locationId} OR path LIKE ${prefix + '%'}))`;
}

export interface PlaceFilter { ids?: number[]; buildingId?: number; type?: string }

/**
 * The school's active places matching every given filter, with their paths, in print order
 * (building, then code); at most `limit` rows (one more tells the caller there are too many).
 */
export async function activeLocations(db: Db, schoolId: number, f: PlaceFilter, limit: number): Promise<LocationInfo[]> {
  const conds: SQL[] = [sql`l.school_id = ${schoolId}`, sql`l.active`];
  if (f.ids) conds.push(f.ids.length ? sql`l.id IN (${sql.join(f.ids.map((x) => sql`${x}::int`), sql`, `)})` : sql`false`);
  if (f.buildingId !== undefined) conds.push(sql`l.building_id = ${f.buildingId}`);
  if (f.type !== undefined) conds.push(sql`l.type = ${f.type}`);
  const rows = await rowsOf<{ id: number; name: string; path: string; building_id: number | null; building_name: string | null }>(db, sql`
    SELECT l.id, l.name, ${LOCATION_PATH_SQL('l')} AS path, l.building_id, b.name AS building_name
    FROM locations l LEFT JOIN buildings b ON b.school_id = l.school_id AND b.id = l.building_id
    WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY b.code NULLS LAST, l.code, l.id LIMIT ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, path: r.path, buildingId: r.building_id === null ? null : Number(r.building_id), buildingName: r.building_name }));
}
