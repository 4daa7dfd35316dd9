import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { AppError } from '../../platform/errors';
import { readScope } from '../../platform/http';
import { historyItem } from '../../platform/resource';
import { rowsOf, type Db } from '../../platform/db';

/** Audit and files entity names. */
export const ENTITY = {
  supplier: 'canteenSupplier', licence: 'canteenLicence', intake: 'canteenIntake', item: 'canteenIntakeItem',
  usage: 'canteenUsage', mealCount: 'canteenMealCount', income: 'canteenFeeIncome',
} as const;

/** One school for a per-school answer: your own, or for an inspector the school named (400 without one). */
export function oneSchool(req: FastifyRequest, schoolId?: number): number {
  const scope = readScope(req, schoolId);
  if (scope.length !== 1) throw new AppError('canteen.supply.schoolRequired', 400, { fields: [{ path: 'schoolId', code: 'canteen.supply.schoolRequired' }] });
  return scope[0];
}

export const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
export const intList = (xs: readonly number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);
export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
export const ymd = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
export const ymdOrNull = (v: unknown): string | null => (v == null ? null : ymd(v));
export const num = (v: unknown): number => Number(v ?? 0);
export const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));

/** The school's timezone (the platform's one lookup). */
export { schoolZone } from '../../platform/inspections';

export const notFound = () => new AppError('notFound', 404);
export const stale = () => new AppError('conflict', 409);

/** A 400 naming one field. */
export const badField = (path: string, code: string, params?: Record<string, string | number>) =>
  new AppError(code, 400, { ...(params ? { params } : {}), fields: [{ path, code, ...(params ? { params } : {}) }] });


/** Audit entries of some records, newest first, one query. */
export async function historyOf(db: Db, schoolId: number, of: { entity: string; ids: number[] }[]) {
  const conds = of.filter((x) => x.ids.length).map((x) => sql`(entity = ${x.entity} AND entity_id IN (${sql.join(x.ids.map((id) => sql`${String(id)}`), sql`, `)}))`);
  if (!conds.length) return [];
  const rows = await rowsOf<Record<string, unknown>>(db, sql`SELECT seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after
    FROM audit_log WHERE school_id = ${schoolId} AND (${sql.join(conds, sql` OR `)}) ORDER BY seq DESC LIMIT 200`);
  return rows.map(historyItem);
}

/** A day plus some months (the day clamped to the month's end: 08-31 + 6 months → 02-28). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** quantity × unit price in fen, rounded half up (quantities carry 3 decimals). */
export function amountOf(quantity: number, unitPriceFen: number): number {
  const milli = BigInt(Math.round(quantity * 1000));
  const v = (milli * BigInt(unitPriceFen) + 500n) / 1000n;
  return Number(v);
}
