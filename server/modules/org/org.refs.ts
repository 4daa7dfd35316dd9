import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { users } from '../../platform/platform.tables';
import { campuses, buildings, locations, departments, classes } from './org.tables';

type Scoped = PgTable & { schoolId: PgColumn; id: PgColumn };

/** A referenced row of the same school, or 400 naming the field (another school's id is "missing"). */
export async function refRow<T extends Scoped>(tx: Db, table: T, schoolId: number, id: number, field: string, code: string) {
  const [row] = await tx.select().from(table as PgTable).where(and(eq(table.schoolId, schoolId), eq(table.id, id))).limit(1);
  if (!row) throw new AppError(code, 400, { fields: [{ path: field, code }] });
  return row as Record<string, unknown>;
}

export const refs = {
  campus: (tx: Db, s: number, id: number, field = 'campusId') => refRow(tx, campuses, s, id, field, 'org.campusMissing'),
  building: (tx: Db, s: number, id: number, field = 'buildingId') => refRow(tx, buildings, s, id, field, 'org.buildingMissing'),
  location: (tx: Db, s: number, id: number, field = 'locationId') => refRow(tx, locations, s, id, field, 'org.locationMissing'),
  department: (tx: Db, s: number, id: number, field = 'departmentId') => refRow(tx, departments, s, id, field, 'org.departmentMissing'),
  schoolClass: (tx: Db, s: number, id: number, field = 'classId') => refRow(tx, classes, s, id, field, 'org.classMissing'),
  user: (tx: Db, s: number, id: number, field = 'userId') => refRow(tx, users, s, id, field, 'org.userMissing'),
};

/** Looks up ids by a natural key for imports: one query for the whole lookup. */
export async function idByKey(tx: Db, table: string, keyCol: string, schoolId: number, key: string): Promise<number | undefined> {
  const [r] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM ${sql.identifier(table)} WHERE school_id = ${schoolId} AND ${sql.identifier(keyCol)} = ${key} LIMIT 1`);
  return r?.id;
}
