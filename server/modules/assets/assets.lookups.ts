import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';

/*
 * Read-only SQL over org's rows (the place tree, departments) and the school's staff, kept in this
 * one file. The register never writes those tables and imports none of org's internals; it reads
 * names and paths in the same statement as its own rows (a page costs one round trip), and for an
 * import it reads each list once (thousands of rows resolve names in memory).
 */

/** "教学楼 / 三楼 / 301教室": the building, the ancestors and the place, as one label. */
export const LOCATION_PATH_SQL = (loc: string) => sql.raw(`concat_ws(' / ',
  (SELECT b.name FROM buildings b WHERE b.school_id = ${loc}.school_id AND b.id = ${loc}.building_id),
  (SELECT string_agg(x.name, ' / ' ORDER BY x.depth) FROM locations x WHERE x.school_id = ${loc}.school_id
     AND x.id = ANY(string_to_array(trim(both '/' from ${loc}.path), '/')::int[])),
  ${loc}.name)`);

const ids = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);

/**
 * "The asset's place is this place or under it": the place's own path is read first (one small
 * query), so the subtree is one range scan of org's path index.
 */
export async function subtreeCondition(db: Db, schoolIds: number[], locationId: number, column: SQL): Promise<SQL> {
  const [root] = await rowsOf<{ school_id: number; path: string }>(db, sql`SELECT school_id, path FROM locations
    WHERE id = ${locationId} AND school_id IN (${ids(schoolIds)}) LIMIT 1`);
  if (!root) return sql`false`;
  const prefix = `${root.path}${locationId}/`.replace(/[\\%_]/g, (m) => '\\' + m);
  return sql`${column} IN (SELECT id FROM locations WHERE school_id = ${root.school_id} AND (id = ${locationId} OR path LIKE ${prefix + '%'}))`;
}

/** The same by a place's code: the place of that code in each of the reader's schools, and everything under it. */
export async function subtreeByCodeCondition(db: Db, schoolIds: number[], code: string, column: SQL): Promise<SQL> {
  const roots = await rowsOf<{ school_id: number; id: number; path: string }>(db, sql`SELECT school_id, id, path FROM locations
    WHERE code = ${code} AND school_id IN (${ids(schoolIds)})`);
  if (!roots.length) return sql`false`;
  const parts = roots.map((r) => {
    const prefix = `${r.path}${r.id}/`.replace(/[\\%_]/g, (m) => '\\' + m);
    return sql`(SELECT id FROM locations WHERE school_id = ${r.school_id} AND (id = ${r.id} OR path LIKE ${prefix + '%'}))`;
  });
  return sql`${column} IN (${sql.join(parts, sql` UNION ALL `)})`;
}

export interface PlaceRow { id: number; code: string; name: string; path: string; active: boolean }
export interface NamedRow { id: number; name: string; active: boolean; extra: string | null }

/** Every place of a school with its full label (for an import's name lookups). */
export async function schoolPlaces(db: Db, schoolId: number): Promise<PlaceRow[]> {
  const rows = await rowsOf<{ id: number; code: string; name: string; path: string; active: boolean }>(db, sql`
    SELECT l.id, l.code, l.name, ${LOCATION_PATH_SQL('l')} AS path, l.active FROM locations l WHERE l.school_id = ${schoolId}`);
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, path: r.path, active: Boolean(r.active) }));
}

export async function schoolDepartments(db: Db, schoolId: number): Promise<NamedRow[]> {
  const rows = await rowsOf<{ id: number; name: string; active: boolean; code: string | null }>(db, sql`
    SELECT id, name, active, code FROM departments WHERE school_id = ${schoolId}`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, active: Boolean(r.active), extra: r.code }));
}

/** Staff of a school: name, and username / staff number (to tell two people of one name apart). */
export async function schoolStaff(db: Db, schoolId: number): Promise<(NamedRow & { username: string })[]> {
  const rows = await rowsOf<{ id: number; name: string; active: boolean; username: string; employee_no: string | null }>(db, sql`
    SELECT id, name, active, username, employee_no FROM users WHERE school_id = ${schoolId}`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, active: Boolean(r.active), username: r.username, extra: r.employee_no }));
}

/** Names (and place paths) of some places, departments and people of a school: one query. */
export async function namesOf(db: Db, schoolId: number, want: { locations?: number[]; departments?: number[]; users?: number[] }) {
  const loc = [...new Set(want.locations ?? [])];
  const dep = [...new Set(want.departments ?? [])];
  const usr = [...new Set(want.users ?? [])];
  const out = { locations: new Map<number, { name: string; path: string }>(), departments: new Map<number, string>(), users: new Map<number, string>() };
  if (!loc.length && !dep.length && !usr.length) return out;
  const rows = await rowsOf<{ kind: string; id: number; name: string; path: string | null }>(db, sql`
    SELECT 'l' AS kind, l.id, l.name, ${LOCATION_PATH_SQL('l')} AS path FROM locations l WHERE l.school_id = ${schoolId} AND l.id IN (${loc.length ? ids(loc) : sql`NULL`})
    UNION ALL SELECT 'd', d.id, d.name, NULL FROM departments d WHERE d.school_id = ${schoolId} AND d.id IN (${dep.length ? ids(dep) : sql`NULL`})
    UNION ALL SELECT 'u', u.id, u.name, NULL FROM users u WHERE u.school_id = ${schoolId} AND u.id IN (${usr.length ? ids(usr) : sql`NULL`})`);
  for (const r of rows) {
    if (r.kind === 'l') out.locations.set(Number(r.id), { name: r.name, path: r.path ?? r.name });
    else if (r.kind === 'd') out.departments.set(Number(r.id), r.name);
    else out.users.set(Number(r.id), r.name);
  }
  return out;
}

export async function schoolName(db: Db, schoolId: number): Promise<string> {
  const [r] = await rowsOf<{ name: string }>(db, sql`SELECT name FROM schools WHERE id = ${schoolId}`);
  return r?.name ?? '';
}

export async function schoolTimezone(db: Db, schoolId: number): Promise<string> {
  const [r] = await rowsOf<{ timezone: string }>(db, sql`SELECT timezone FROM schools WHERE id = ${schoolId}`);
  return r?.timezone ?? 'Asia/Shanghai';
}

/** What the demo needs of a school's organisation: places, buildings, departments, staff and classrooms' head teachers. */
export async function demoOrgOf(db: Db, schoolId: number) {
  const places = await rowsOf<{ id: number; code: string; name: string; type: string; building_id: number | null }>(db, sql`
    SELECT id, code, name, type, building_id FROM locations WHERE school_id = ${schoolId} AND active ORDER BY code`);
  const buildings = await rowsOf<{ id: number; code: string; name: string; kind: string; built_year: number | null; floors: number | null }>(db, sql`
    SELECT id, code, name, kind, built_year, floors FROM buildings WHERE school_id = ${schoolId} ORDER BY code`);
  const departments = await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM departments WHERE school_id = ${schoolId}`);
  const staff = await rowsOf<{ id: number; username: string; name: string; department_id: number | null; post: string | null }>(db, sql`
    SELECT id, username, name, department_id, post FROM users WHERE school_id = ${schoolId} AND active ORDER BY id`);
  const heads = await rowsOf<{ classroom_id: number | null; head_teacher_id: number | null }>(db, sql`
    SELECT classroom_id, head_teacher_id FROM classes WHERE school_id = ${schoolId}`);
  return { places, buildings, departments, staff, heads };
}

/** The school's active staff with their post, department and how many assets (not disposed) are in their name: one query. */
export async function assetPeople(db: Db, schoolId: number) {
  const rows = await rowsOf<{ id: number; name: string; username: string; post: string | null; department_name: string | null; n: number }>(db, sql`
    SELECT u.id, u.name, u.username, u.post, d.name AS department_name,
      (SELECT count(*)::int FROM assets a WHERE a.school_id = u.school_id AND a.custodian_id = u.id AND a.status <> 'disposed') AS n
    FROM users u LEFT JOIN departments d ON d.school_id = u.school_id AND d.id = u.department_id
    WHERE u.school_id = ${schoolId} AND u.active ORDER BY u.name, u.id`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, username: r.username, post: r.post, departmentName: r.department_name, assetCount: Number(r.n) }));
}
