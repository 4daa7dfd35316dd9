import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { GateStudent } from '../../../contracts/safetyGate';

/*
 * Read-only SQL over org's students, classes and places and the platform's users, kept in this one
 * file (the gate never writes them and imports none of org's internals). Org's index.ts has no
 * student lookup by id with the class; these reads join what a page needs in the same statement.
 */

export const ids = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);

/** Columns of a student with the class, for `FROM students s JOIN classes c`. */
export const STUDENT_COLUMNS = sql.raw(`s.id AS student_id, s.name AS student_name, s.student_no, s.boarder, s.guardian_name AS student_guardian_name,
  s.guardian_phone AS student_guardian_phone, s.active AS student_active, c.id AS class_id, c.grade, c.name AS class_name, c.head_teacher_id`);

export interface StudentRow {
  student_id: number; student_name: string; student_no: string; boarder: boolean; student_guardian_name: string | null;
  student_guardian_phone: string | null; student_active: boolean; class_id: number; grade: number; class_name: string; head_teacher_id: number | null;
}

export function gateStudentOf(r: StudentRow): GateStudent {
  return {
    id: Number(r.student_id), name: r.student_name, studentNo: r.student_no, classId: Number(r.class_id), grade: Number(r.grade),
    className: r.class_name, boarder: Boolean(r.boarder), guardianName: r.student_guardian_name, guardianPhone: r.student_guardian_phone,
  };
}

/** A student of the school with the class (and its head teacher), or undefined. */
export async function studentOf(db: Db, schoolId: number, studentId: number): Promise<StudentRow | undefined> {
  const [r] = await rowsOf<StudentRow>(db, sql`SELECT ${STUDENT_COLUMNS} FROM students s JOIN classes c ON c.school_id = s.school_id AND c.id = s.class_id
    WHERE s.school_id = ${schoolId} AND s.id = ${studentId}`);
  return r;
}

/** Students by name, number or class; only the given classes when `classIds` is set. */
export async function findStudents(db: Db, schoolId: number, f: { q?: string; classId?: number; classIds?: number[]; limit: number }): Promise<StudentRow[]> {
  const conds: SQL[] = [sql`s.school_id = ${schoolId}`, sql`s.active`];
  if (f.classId) conds.push(sql`s.class_id = ${f.classId}`);
  if (f.classIds) conds.push(f.classIds.length ? sql`s.class_id IN (${ids(f.classIds)})` : sql`false`);
  if (f.q) {
    const like = `${f.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(sql`(s.name LIKE ${like} OR s.student_no LIKE ${like})`);
  }
  return rowsOf<StudentRow>(db, sql`SELECT ${STUDENT_COLUMNS} FROM students s JOIN classes c ON c.school_id = s.school_id AND c.id = s.class_id
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY c.grade, c.name, s.student_no, s.id LIMIT ${f.limit}`);
}

/** The classes a person is head teacher of. */
export async function classesHeadedBy(db: Db, schoolId: number, userId: number): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(db, sql`SELECT id FROM classes WHERE school_id = ${schoolId} AND head_teacher_id = ${userId} AND active`);
  return rows.map((r) => Number(r.id));
}

/** Is this person an active staff member of the school holding one of these roles (any role when none given)? */
export async function isStaff(db: Db, schoolId: number, userId: number, roles?: readonly string[]): Promise<boolean> {
  const roleCond = roles?.length ? sql`AND EXISTS (SELECT 1 FROM user_roles r WHERE r.school_id = u.school_id AND r.user_id = u.id AND r.role IN (${sql.join(roles.map((x) => sql`${x}`), sql`, `)}))` : sql``;
  const rows = await rowsOf<{ ok: number }>(db, sql`SELECT 1 AS ok FROM users u WHERE u.school_id = ${schoolId} AND u.id = ${userId} AND u.active ${roleCond} LIMIT 1`);
  return rows.length > 0;
}

export async function userNames(db: Db, schoolId: number, userIds: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(userIds.filter((x) => x != null))];
  if (!wanted.length) return new Map();
  const rows = await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM users WHERE school_id = ${schoolId} AND id IN (${ids(wanted)})`);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Staff of the school with their roles (duty pickers), optionally only those holding one of `roles`. */
export async function staffWithRoles(db: Db, schoolId: number, roles?: readonly string[]): Promise<{ id: number; name: string; phone: string | null; roles: string[] }[]> {
  const roleCond = roles?.length ? sql`AND EXISTS (SELECT 1 FROM user_roles r WHERE r.school_id = u.school_id AND r.user_id = u.id AND r.role IN (${sql.join(roles.map((x) => sql`${x}`), sql`, `)}))` : sql``;
  const rows = await rowsOf<{ id: number; name: string; phone: string | null; roles: string[] | null }>(db, sql`
    SELECT u.id, u.name, u.phone, (SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.school_id = u.school_id AND r.user_id = u.id) AS roles
    FROM users u WHERE u.school_id = ${schoolId} AND u.active ${roleCond} ORDER BY u.name, u.id`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, phone: r.phone, roles: r.roles ?? [] }));
}

/** Names of some places of a school (checkpoints). */
export async function locationNames(db: Db, schoolId: number, locationIds: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(locationIds)];
  if (!wanted.length) return new Map();
  const rows = await rowsOf<{ id: number; name: string; building: string | null }>(db, sql`
    SELECT l.id, l.name, b.name AS building FROM locations l LEFT JOIN buildings b ON b.school_id = l.school_id AND b.id = l.building_id
    WHERE l.school_id = ${schoolId} AND l.id IN (${ids(wanted)})`);
  return new Map(rows.map((r) => [Number(r.id), r.building ? `${r.building} / ${r.name}` : r.name]));
}

/** The school's name, zone and whether it boards students. */
export async function schoolInfo(db: Db, schoolId: number): Promise<{ name: string; timezone: string; boarding: boolean }> {
  const [r] = await rowsOf<{ name: string; timezone: string; boarding: boolean }>(db, sql`SELECT name, timezone, boarding FROM schools WHERE id = ${schoolId}`);
  return { name: r?.name ?? '', timezone: r?.timezone ?? 'Asia/Shanghai', boarding: Boolean(r?.boarding) };
}
