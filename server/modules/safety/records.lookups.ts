import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import { intList } from './records.common';

/*
 * Read-only SQL over org's classes and places and the platform's people, kept in this one file.
 * The records never write those tables and import none of org's internals (ids are validated
 * through org's `refs`); they read names in the same statement as their own rows, so a page costs
 * one round trip, not one per row.
 */

/** "7年级1班": a class as a label (the school's class names are Chinese data). */
export const CLASS_LABEL_SQL = (c: string) => sql.raw(`(${c}.grade::text || '年级' || ${c}.name)`);

/** "教学楼 / 三楼 / 301教室": the building, the ancestors and the place, as one label. */
export const LOCATION_PATH_SQL = (loc: string) => sql.raw(`concat_ws(' / ',
  (SELECT b.name FROM buildings b WHERE b.school_id = ${loc}.school_id AND b.id = ${loc}.building_id),
  (SELECT string_agg(a.name, ' / ' ORDER BY a.depth) FROM locations a WHERE a.school_id = ${loc}.school_id
     AND a.id = ANY(string_to_array(trim(both '/' from ${loc}.path), '/')::int[])),
  ${loc}.name)`);

/** Labels of a set of classes of one school: one query. */
export async function classLabels(db: Db, schoolIds: number[], ids: number[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const out = new Map<string, string>();
  if (!wanted.length || !schoolIds.length) return out;
  const rows = await rowsOf<{ school_id: number; id: number; label: string }>(db, sql`
    SELECT c.school_id, c.id, ${CLASS_LABEL_SQL('c')} AS label FROM classes c
    WHERE c.school_id IN (${intList(schoolIds)}) AND c.id IN (${intList(wanted)})`);
  for (const r of rows) out.set(`${r.school_id}:${r.id}`, r.label);
  return out;
}

export interface ClassRow { id: number; grade: number; name: string; label: string; headTeacherId: number | null; headTeacherName: string | null }

/** The school's active classes in grade order, with their head teachers. */
export async function activeClasses(db: Db, schoolId: number): Promise<ClassRow[]> {
  const rows = await rowsOf<{ id: number; grade: number; name: string; label: string; head_teacher_id: number | null; head_name: string | null }>(db, sql`
    SELECT c.id, c.grade, c.name, ${CLASS_LABEL_SQL('c')} AS label, c.head_teacher_id, u.name AS head_name
    FROM classes c LEFT JOIN users u ON u.school_id = c.school_id AND u.id = c.head_teacher_id
    WHERE c.school_id = ${schoolId} AND c.active ORDER BY c.grade, c.name, c.id`);
  return rows.map((r) => ({ id: Number(r.id), grade: Number(r.grade), name: r.name, label: r.label, headTeacherId: r.head_teacher_id == null ? null : Number(r.head_teacher_id), headTeacherName: r.head_name }));
}

/** Does the person hold one of these roles in the school? */
export async function holdsRole(db: Db, schoolId: number, userId: number, roles: readonly string[]): Promise<boolean> {
  const rows = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM user_roles
    WHERE school_id = ${schoolId} AND user_id = ${userId} AND role IN (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})`);
  return Number(rows[0]?.n ?? 0) > 0;
}
