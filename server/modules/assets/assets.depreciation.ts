import { sql, type SQL } from 'drizzle-orm';
import type { DepreciationRun } from '../../../contracts/assets';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { localDate, upsertSchedule } from '../../platform/schedules';
import { assetDepreciationRuns } from './assets.tables';

/*
 * Depreciation 折旧 (RULES.md; 政府会计准则第3号): monthly, straight line over the asset's life, no
 * residual value, starting the month after entry, stopping when fully depreciated or after the
 * month of disposal; none for low-value items or classes that are not depreciated.
 *
 * It is a function of the month, so it is exact and idempotent:
 *   monthly = round(original / lifeMonths)
 *   n       = months from the month after entry up to M (capped at the disposal month)
 *   accumulated(M) = 0 if n ≤ 0; original if n ≥ lifeMonths (the last month takes the remainder);
 *                    else min(original, monthly × n)
 * The same formula is written once in TypeScript (cards, compensation) and once in SQL (the run and the ledger).
 */

export interface Depreciable {
  originalValueFen: number;
  lifeMonths: number | null;
  lowValue: boolean;
  enteredOn: string;
  disposedOn: string | null;
}

/** 'YYYY-MM' → a month number (year × 12 + month − 1). */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthOfIndex = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
export const addMonths = (month: string, n: number) => monthOfIndex(monthIndex(month) + n);

export const monthlyFenOf = (a: Pick<Depreciable, 'originalValueFen' | 'lifeMonths' | 'lowValue'>): number =>
  (a.lowValue || !a.lifeMonths ? 0 : Math.round(a.originalValueFen / a.lifeMonths));

/** Accumulated depreciation at the end of `month`. */
export function accumulatedAt(a: Depreciable, month: string): number {
  if (a.lowValue || !a.lifeMonths) return 0;
  let last = monthIndex(month);
  if (a.disposedOn) last = Math.min(last, monthIndex(a.disposedOn));
  const n = last - monthIndex(a.enteredOn);
  if (n <= 0) return 0;
  if (n >= a.lifeMonths) return a.originalValueFen;
  return Math.min(a.originalValueFen, monthlyFenOf(a) * n);
}

/** Net value (原值 − 累计折旧) at the end of `month`. */
export const netValueOf = (a: Depreciable, month: string): number => a.originalValueFen - accumulatedAt(a, month);

const idxSql = (col: string) => `(extract(year from ${col})::int * 12 + extract(month from ${col})::int - 1)`;

/** The same formula as SQL text over an `assets` row aliased `alias`, for month index `m` (also used by the bench generator). */
export function accumulatedSqlText(alias: string, m: number): string {
  const a = alias;
  const n = `(LEAST(${m}, coalesce(${idxSql(`${a}.disposed_on`)}, ${m})) - ${idxSql(`${a}.entered_on`)})`;
  return `(CASE WHEN ${a}.low_value OR ${a}.life_months IS NULL OR ${n} <= 0 THEN 0::bigint
    WHEN ${n} >= ${a}.life_months THEN ${a}.original_value_fen
    ELSE LEAST(${a}.original_value_fen, round(${a}.original_value_fen::numeric / ${a}.life_months)::bigint * ${n}) END)`;
}

/** The same formula in SQL over an `assets` row aliased `alias`, for month index `m`. */
export const accumulatedSql = (alias: string, m: number): SQL => sql.raw(accumulatedSqlText(alias, Math.trunc(m)));

/** The month before the one `now` falls in, in the school's time zone. */
export function previousMonth(now: Date, tz: string): string {
  return addMonths(localDate(now, tz).slice(0, 7), -1);
}

/** The stored accumulated depreciation of some assets (0 when none is stored): one query. */
export async function storedAccumulated(db: Db, schoolId: number, ids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>(ids.map((id) => [id, 0]));
  if (!ids.length) return out;
  const rows = await rowsOf<{ asset_id: number; accumulated_fen: string | number }>(db, sql`SELECT asset_id, accumulated_fen FROM asset_depreciation
    WHERE school_id = ${schoolId} AND asset_id IN (${sql.join(ids.map((x) => sql`${x}::int`), sql`, `)})`);
  for (const r of rows) out.set(Number(r.asset_id), Number(r.accumulated_fen));
  return out;
}

/** Sets the stored figures of some assets in two statements (0 removes the row: absent means 0). */
export async function setAccumulated(tx: Db, schoolId: number, values: { assetId: number; fen: number }[]): Promise<void> {
  const zero = values.filter((v) => v.fen === 0).map((v) => v.assetId);
  const some = values.filter((v) => v.fen > 0);
  if (zero.length) await tx.execute(sql`DELETE FROM asset_depreciation WHERE school_id = ${schoolId} AND asset_id IN (${sql.join(zero.map((x) => sql`${x}::int`), sql`, `)})`);
  if (some.length) {
    await tx.execute(sql`INSERT INTO asset_depreciation (school_id, asset_id, accumulated_fen)
      SELECT ${schoolId}, (v->>'a')::int, (v->>'f')::bigint FROM json_array_elements(${JSON.stringify(some.map((v) => ({ a: v.assetId, f: v.fen })))}::json) v
      ON CONFLICT (school_id, asset_id) DO UPDATE SET accumulated_fen = EXCLUDED.accumulated_fen`);
  }
}

/** The school's last month run, or null. */
export async function lastRunMonth(db: Db, schoolId: number): Promise<string | null> {
  const [r] = await rowsOf<{ month: string | null }>(db, sql`SELECT max(month) AS month FROM asset_depreciation_runs WHERE school_id = ${schoolId}`);
  return r?.month ?? null;
}

type RunRow = typeof assetDepreciationRuns.$inferSelect;

async function runOut(db: Db, r: RunRow, created: boolean): Promise<DepreciationRun> {
  let ranByName: string | null = null;
  if (r.ranBy) [{ name: ranByName }] = await rowsOf<{ name: string }>(db, sql`SELECT name FROM users WHERE school_id = ${r.schoolId} AND id = ${r.ranBy}`);
  return { month: r.month, ranAt: r.ranAt.toISOString(), ranByName, assetCount: r.assetCount, amountFen: Number(r.amountFen), byClass: r.byClass, created };
}

/**
 * Runs month M for one school: one set-based UPDATE of the assets whose accumulated depreciation
 * changes, and the run row with the amounts booked per class. A month runs once: running it again
 * answers the existing run and changes nothing. A month before the school's last run, or one that
 * has not ended yet, is refused (409).
 */
export async function runDepreciation(tx: Db, actor: Actor, month: string, now: Date, tz: string): Promise<DepreciationRun> {
  const s = actor.schoolId;
  const current = localDate(now, tz).slice(0, 7);
  if (month >= current) throw new AppError('assets.monthNotEnded', 409, { params: { month }, fields: [{ path: 'month', code: 'assets.monthNotEnded', params: { month } }] });
  // One run per school at a time: the school's runs are ordered by this lock (the unique row alone would let an earlier month slip in).
  await tx.execute(sql`SELECT pg_advisory_xact_lock(727275, ${s})`);
  const [existing] = await rowsOf<Record<string, unknown>>(tx, sql`SELECT * FROM asset_depreciation_runs WHERE school_id = ${s} AND month >= ${month} ORDER BY month LIMIT 1`);
  if (existing) {
    if (existing.month !== month) throw new AppError('assets.laterMonthRun', 409, { params: { month, later: String(existing.month) } });
    const [row] = await tx.select().from(assetDepreciationRuns).where(sql`school_id = ${s} AND month = ${month}`);
    return runOut(tx, row, false);
  }
  const m = monthIndex(month);
  // One set-based write: every depreciable asset whose accumulated depreciation changes gets its new
  // figure (an upsert into the narrow asset_depreciation table); the totals are those same rows.
  const rows = await rowsOf<{ class_code: string; n: number; amount: string | number }>(tx, sql`
    WITH calc AS (
      SELECT a.id, a.class_code, coalesce(d.accumulated_fen, 0) AS before, ${accumulatedSql('a', m)} AS after
      FROM assets a LEFT JOIN asset_depreciation d ON d.school_id = a.school_id AND d.asset_id = a.id
      WHERE a.school_id = ${s} AND NOT a.low_value AND a.life_months IS NOT NULL
    ), changed AS (
      INSERT INTO asset_depreciation (school_id, asset_id, accumulated_fen)
      SELECT ${s}, id, after FROM calc WHERE after <> before
      ON CONFLICT (school_id, asset_id) DO UPDATE SET accumulated_fen = EXCLUDED.accumulated_fen
    )
    SELECT class_code, count(*)::int AS n, sum(after - before)::bigint AS amount FROM calc WHERE after <> before GROUP BY class_code ORDER BY class_code`);
  const byClass: Record<string, { count: number; amountFen: number }> = {};
  let count = 0;
  let amount = 0;
  for (const r of rows) {
    byClass[r.class_code] = { count: Number(r.n), amountFen: Number(r.amount) };
    count += Number(r.n);
    amount += Number(r.amount);
  }
  const [row] = await tx.insert(assetDepreciationRuns).values({
    schoolId: s, month, ranAt: now, ranBy: actor.userId, assetCount: count, amountFen: amount, byClass,
  }).returning();
  await recordAudit(tx, actor, { entity: 'assetDepreciation', entityId: row.id, action: 'run', after: { month, assetCount: count, amountFen: amount } });
  return runOut(tx, row, true);
}

export async function listRuns(db: Db, schoolId: number, limit = 24): Promise<DepreciationRun[]> {
  const rows = await rowsOf<Record<string, unknown>>(db, sql`SELECT r.*, u.name AS ran_by_name FROM asset_depreciation_runs r
    LEFT JOIN users u ON u.school_id = r.school_id AND u.id = r.ran_by WHERE r.school_id = ${schoolId} ORDER BY r.month DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    month: String(r.month), ranAt: new Date(String(r.ran_at instanceof Date ? r.ran_at.toISOString() : r.ran_at)).toISOString(),
    ranByName: (r.ran_by_name as string | null) ?? null, assetCount: Number(r.asset_count), amountFen: Number(r.amount_fen),
    byClass: (typeof r.by_class === 'string' ? JSON.parse(r.by_class) : r.by_class) as DepreciationRun['byClass'], created: false,
  }));
}

/** The monthly schedule (owner 'assets.depreciation', one per school): runs the month before the occurrence. */
export const DEPRECIATION_OWNER = 'assets.depreciation';

/** The school's monthly depreciation schedule (the 1st, 02:00): made once, when the school first registers an asset. */
export async function ensureDepreciationSchedule(tx: Db, schoolId: number, today: string): Promise<void> {
  const [has] = await rowsOf<{ ok: number }>(tx, sql`SELECT 1 AS ok FROM schedules WHERE school_id = ${schoolId} AND owner = ${DEPRECIATION_OWNER} LIMIT 1`);
  if (has) return;
  await upsertSchedule(tx, { schoolId, owner: DEPRECIATION_OWNER, ownerId: schoolId, rule: { freq: 'monthly', monthDay: 1, time: '02:00', startsOn: today }, active: true });
}

/** The schedule's handler: the month before the occurrence, as the system (a month already run is left as it is). */
export async function depreciationOccurrence(tx: Db, due: { schoolId: number; dueAt: Date }): Promise<void> {
  const tz = await rowsOf<{ timezone: string }>(tx, sql`SELECT timezone FROM schools WHERE id = ${due.schoolId}`);
  const zone = tz[0]?.timezone ?? 'Asia/Shanghai';
  try {
    await runDepreciation(tx, { schoolId: due.schoolId, userId: null, name: 'system', ip: null }, previousMonth(due.dueAt, zone), due.dueAt, zone);
  } catch (e) {
    // A later month run by hand already covers this one: nothing to do.
    if (!(e instanceof AppError && e.code === 'assets.laterMonthRun')) throw e;
  }
}
