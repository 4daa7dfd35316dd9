import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { AppError } from '../../platform/errors';
import { readScope } from '../../platform/http';
import { rowsOf, type Db } from '../../platform/db';
import { historyItem } from '../../platform/resource';

/** Audit, files and tasks entity names of this part. */
export const ENTITY = {
  dish: 'canteenDish', menu: 'canteenMenu', sample: 'canteenSample', accompanied: 'canteenAccompanied', rota: 'canteenRota',
} as const;

/** The schedules engine's owner of the rota's schedules. */
export const ROTA_OWNER = 'canteen.rota';

export type Raw = Record<string, unknown>;

export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
export const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v));
export const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));
export const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
export const ymd = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export const intList = (xs: readonly number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);
export const intArray = (xs: readonly number[]) => sql`ARRAY[${xs.length ? intList(xs) : sql``}]::int[]`;
export const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

/** The school's timezone (the platform's one lookup). */
export { schoolZone } from '../../platform/inspections';

/** One school for a per-school answer: your own, or for an inspector the school named (400 without one). */
export function oneSchool(req: FastifyRequest, schoolId?: number): number {
  const scope = readScope(req, schoolId);
  if (scope.length !== 1) throw new AppError('canteen.meals.schoolRequired', 400, { fields: [{ path: 'schoolId', code: 'canteen.meals.schoolRequired' }] });
  return scope[0];
}

export const notFound = () => new AppError('notFound', 404);
export const stale = () => new AppError('conflict', 409);

/** A 400 naming one field (message key under errors.). */
export const badField = (path: string, code: string, params?: Record<string, string | number>) =>
  new AppError(code, 400, { ...(params ? { params } : {}), fields: [{ path, code, ...(params ? { params } : {}) }] });


/** The audit entries of some records, newest first, one query. */
export async function historyOf(db: Db, schoolId: number, entity: string, id: number) {
  const rows = await rowsOf<Raw>(db, sql`SELECT seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after
    FROM audit_log WHERE school_id = ${schoolId} AND entity = ${entity} AND entity_id = ${String(id)} ORDER BY seq DESC LIMIT 200`);
  return rows.map(historyItem);
}

/** "YYYY-MM-DD HH:mm" of an instant in a zone. */
export function localDateTimeOf(at: Date, tz: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}
