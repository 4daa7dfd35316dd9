import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';

/*
 * Read-only SQL over org's tables (locations, buildings, classes, students) for the asset processes,
 * kept in this one file: names and paths are read in the same statement as a page of our own rows.
 * Writes never touch org's tables; validation of ids goes through org's exports (refs, studentService).
 */

const idList = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);

/** "教学楼 / 三楼 / 301教室": the building, the ancestors and the place, as one label (for an alias of locations). */
export const LOCATION_PATH_SQL = (loc: string) => sql.raw(`concat_ws(' / ',
  (SELECT b.name FROM buildings b WHERE b.school_id = ${loc}.school_id AND b.id = ${loc}.building_id),
  (SELECT string_agg(a.name, ' / ' ORDER BY a.depth) FROM locations a WHERE a.school_id = ${loc}.school_id
     AND a.id = ANY(string_to_array(trim(both '/' from ${loc}.path), '/')::int[])),
  ${loc}.name)`);

export interface PlaceInfo { id: number; name: string; code: string; path: string; active: boolean }

/** Names and paths of some places of a school, in one query. */
export async function placeInfos(db: Db, schoolId: number, ids: number[]): Promise<Map<number, PlaceInfo>> {
  const wanted = [...new Set(ids)].filter((x) => Number.isInteger(x));
  const out = new Map<number, PlaceInfo>();
  if (!wanted.length) return out;
  const rows = await rowsOf<{ id: number; name: string; code: string; path: string; active: boolean }>(db, sql`
    SELECT l.id, l.name, l.code, ${LOCATION_PATH_SQL('l')} AS path, l.active
    FROM locations l WHERE l.school_id = ${schoolId} AND l.id IN (${idList(wanted)})`);
  for (const r of rows) out.set(Number(r.id), { id: Number(r.id), name: r.name, code: r.code, path: r.path, active: r.active });
  return out;
}

/**
 * The ids of the school's places under any of `roots` (each root included), or every place of the
 * school when `roots` is null. One statement: each root's own path, then a prefix range on the path index.
 */
export function placesInScopeSql(schoolId: number, roots: number[] | null): SQL {
  if (roots === null) return sql`SELECT id FROM locations WHERE school_id = ${schoolId}`;
  if (!roots.length) return sql`SELECT NULL::int AS id WHERE false`;
  return sql`SELECT l.id FROM locations l JOIN locations r ON r.school_id = l.school_id AND r.id IN (${idList(roots)})
    WHERE l.school_id = ${schoolId} AND (l.id = r.id OR l.path LIKE r.path || r.id || '/%')`;
}

/** The places of a stocktake's scope with their paths, in print order (building, code). */
export async function placesInScope(db: Db, schoolId: number, roots: number[] | null): Promise<PlaceInfo[]> {
  const rows = await rowsOf<{ id: number; name: string; code: string; path: string; active: boolean }>(db, sql`
    SELECT l.id, l.name, l.code, ${LOCATION_PATH_SQL('l')} AS path, l.active
    FROM locations l LEFT JOIN buildings b ON b.school_id = l.school_id AND b.id = l.building_id
    WHERE l.school_id = ${schoolId} AND l.id IN (${placesInScopeSql(schoolId, roots)})
    ORDER BY b.code NULLS FIRST, l.path, l.code, l.id`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, code: r.code, path: r.path, active: r.active }));
}

/** Is the place inside the scope? */
export async function placeInScope(db: Db, schoolId: number, roots: number[] | null, locationId: number): Promise<boolean> {
  const rows = await rowsOf<{ ok: number }>(db, sql`SELECT 1 AS ok WHERE ${locationId}::int IN (${placesInScopeSql(schoolId, roots)})`);
  return rows.length > 0;
}

export interface StudentInfo { id: number; name: string; studentNo: string; boarder: boolean; classId: number; className: string | null; active: boolean }

/** A student with their class's name (the responsible party of a damage report). */
export async function studentInfo(db: Db, schoolId: number, id: number): Promise<StudentInfo | null> {
  const [r] = await rowsOf<{ id: number; name: string; student_no: string; boarder: boolean; class_id: number; grade: number | null; class_name: string | null; active: boolean }>(db, sql`
    SELECT s.id, s.name, s.student_no, s.boarder, s.class_id, c.grade, c.name AS class_name, s.active
    FROM students s LEFT JOIN classes c ON c.school_id = s.school_id AND c.id = s.class_id
    WHERE s.school_id = ${schoolId} AND s.id = ${id}`);
  if (!r) return null;
  return { id: Number(r.id), name: r.name, studentNo: r.student_no, boarder: r.boarder, classId: Number(r.class_id), className: r.class_name === null ? null : `${r.grade}年级${r.class_name}`, active: r.active };
}

/** "7年级1班" for a class id. */
export async function className(db: Db, schoolId: number, id: number): Promise<string | null> {
  const [r] = await rowsOf<{ grade: number; name: string }>(db, sql`SELECT grade, name FROM classes WHERE school_id = ${schoolId} AND id = ${id}`);
  return r ? `${r.grade}年级${r.name}` : null;
}

/** Is the student (of a damage report's responsible id) a boarder now? As SQL over an alias of damage_reports. */
export const BOARDER_SQL = (rep: string) => sql.raw(`coalesce((SELECT st.boarder FROM students st
  WHERE ${rep}.responsible_type = 'student' AND st.school_id = ${rep}.school_id AND st.id = ${rep}.responsible_id), false)`);

export interface OutstandingRow { student_id: number; student_no: string; name: string; grade: number | null; class_name: string | null; boarder: boolean; outstanding: number; reports: number }

/** Students with money due on damage reports (boarders only unless `all`), most due first. */
export async function outstandingStudents(db: Db, schoolIds: number[], all: boolean): Promise<OutstandingRow[]> {
  return rowsOf<OutstandingRow>(db, sql`
    SELECT s.id AS student_id, s.student_no, s.name, c.grade, c.name AS class_name, s.boarder,
      sum(d.amount_fen - d.paid_fen)::float8 AS outstanding, count(*)::int AS reports
    FROM damage_reports d
    JOIN students s ON s.school_id = d.school_id AND s.id = d.responsible_id
    LEFT JOIN classes c ON c.school_id = s.school_id AND c.id = s.class_id
    WHERE d.school_id IN (${idList(schoolIds)}) AND d.state = 'outstanding' AND d.responsible_type = 'student'
      ${all ? sql`` : sql`AND s.boarder`}
    GROUP BY s.id, s.student_no, s.name, c.grade, c.name, s.boarder
    ORDER BY outstanding DESC, s.id`);
}

export interface PartyOption { id: number; name: string; detail: string | null; boarder?: boolean }

/**
 * People and classes a form may name (counters, the responsible party, who took the money), for the
 * staff who fill these forms but may not read org's full lists: active ones, by name (or number), at most `limit`.
 */
export async function searchParties(db: Db, schoolId: number, type: 'student' | 'class' | 'staff', q: string, limit: number): Promise<PartyOption[]> {
  const like = `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
  if (type === 'student') {
    const rows = await rowsOf<{ id: number; name: string; student_no: string; grade: number | null; class_name: string | null; boarder: boolean }>(db, sql`
      SELECT s.id, s.name, s.student_no, c.grade, c.name AS class_name, s.boarder FROM students s
      LEFT JOIN classes c ON c.school_id = s.school_id AND c.id = s.class_id
      WHERE s.school_id = ${schoolId} AND s.active ${q ? sql`AND (s.name ILIKE ${like} OR s.student_no ILIKE ${like})` : sql``}
      ORDER BY s.name, s.id LIMIT ${limit}`);
    return rows.map((r) => ({ id: Number(r.id), name: r.name, detail: [r.class_name ? `${r.grade}年级${r.class_name}` : null, r.student_no].filter(Boolean).join(' · '), boarder: r.boarder }));
  }
  if (type === 'class') {
    const rows = await rowsOf<{ id: number; grade: number; name: string }>(db, sql`
      SELECT id, grade, name FROM classes WHERE school_id = ${schoolId} AND active ${q ? sql`AND (name ILIKE ${like} OR (grade::text || '年级' || name) ILIKE ${like})` : sql``}
      ORDER BY grade, name, id LIMIT ${limit}`);
    return rows.map((r) => ({ id: Number(r.id), name: `${r.grade}年级${r.name}`, detail: null }));
  }
  const rows = await rowsOf<{ id: number; name: string; post: string | null; username: string }>(db, sql`
    SELECT id, name, post, username FROM users WHERE school_id = ${schoolId} AND active ${q ? sql`AND (name ILIKE ${like} OR username ILIKE ${like})` : sql``}
    ORDER BY name, id LIMIT ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, detail: r.post ?? r.username }));
}

/** Ids of the school's places by name (the demo), one query. */
export async function placeIdsByName(db: Db, schoolId: number, names: string[]): Promise<Map<string, number>> {
  if (!names.length) return new Map();
  const rows = await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM locations WHERE school_id = ${schoolId} AND active
    AND name IN (${sql.join(names.map((n) => sql`${n}`), sql`, `)}) ORDER BY id`);
  const out = new Map<string, number>();
  for (const r of rows) if (!out.has(r.name)) out.set(r.name, Number(r.id));
  return out;
}

/** Some active students of the school, boarders or not (the demo), in student-number order. */
export async function someStudents(db: Db, schoolId: number, boarder: boolean, limit: number): Promise<{ id: number; name: string }[]> {
  const rows = await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM students WHERE school_id = ${schoolId} AND active AND boarder = ${boarder}
    ORDER BY student_no LIMIT ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}
