import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Meal, Sample, SampleListQuery } from '../../../contracts/canteenMeals';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { addDays, localDate, startOfDay } from '../../platform/schedules';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { canteenDishes, canteenSamples } from './meals.tables';
import { ENTITY, badField, iso, isoOrNull, like, localDateTimeOf, notFound, numOrNull, schoolZone, strOrNull, ymd, type Raw } from './meals.common';
import { mealsSettingsOf } from './meals.settings';

/*
 * 留样 (RULES.md "Canteen", national): every dish of every served meal, ≥ 125 g (the school's setting,
 * never lower), sampled at, by whom, in which cabinet; kept ≥ 48 h — disposal before then is refused,
 * naming when it becomes allowed; the disposal is recorded (who, when). One sample per dish, meal and day:
 * the unique key makes a double click or two phones one row (the second gets 409).
 */

export interface SampleInput {
  day: string; meal: Meal; dishId: number; weightGrams: number; cabinetLocationId?: number | null; cabinet?: string | null;
  photoIds?: string[]; note?: string | null;
}

/** Is this dish on the published menu of that day's meal? */
async function served(tx: Db, schoolId: number, day: string, meal: Meal, dishId: number): Promise<boolean> {
  const rows = await rowsOf<{ n: number }>(tx, sql`SELECT 1 AS n FROM canteen_menu_meals
    WHERE school_id = ${schoolId} AND day = ${day} AND meal = ${meal} AND published AND ${dishId}::int = ANY(dish_ids) LIMIT 1`);
  return rows.length > 0;
}

export async function createSample(tx: Db, actor: Actor, clock: Clock, input: SampleInput): Promise<number> {
  const [settings, tz] = await Promise.all([mealsSettingsOf(tx, actor.schoolId), schoolZone(tx, actor.schoolId)]);
  const now = clock.now();
  if (input.day > localDate(now, tz)) throw badField('day', 'canteen.meals.dayInFuture');
  if (input.weightGrams < settings.sampleMinGrams) {
    throw new AppError('canteen.meals.sampleTooLight', 400, { params: { min: settings.sampleMinGrams }, fields: [{ path: 'weightGrams', code: 'canteen.meals.sampleTooLight', params: { min: settings.sampleMinGrams } }] });
  }
  const [dish] = await tx.select({ name: canteenDishes.name }).from(canteenDishes).where(and(eq(canteenDishes.schoolId, actor.schoolId), eq(canteenDishes.id, input.dishId)));
  if (!dish || !(await served(tx, actor.schoolId, input.day, input.meal, input.dishId))) throw badField('dishId', 'canteen.meals.dishNotServed');
  let cabinetLocationId = input.cabinetLocationId ?? null;
  const cabinet = input.cabinet ?? null;
  if (cabinetLocationId == null && !cabinet) cabinetLocationId = settings.defaultCabinetLocationId;
  if (cabinetLocationId == null && !cabinet) throw badField('cabinet', 'canteen.meals.cabinetRequired');
  if (cabinetLocationId != null) await refs.location(tx, actor.schoolId, cabinetLocationId, 'cabinetLocationId');
  const keepUntil = new Date(now.getTime() + settings.sampleKeepHours * 3600_000);
  const [row] = await tx.insert(canteenSamples).values({
    schoolId: actor.schoolId, day: input.day, meal: input.meal, dishId: input.dishId, dishName: dish.name, weightGrams: input.weightGrams,
    sampledAt: now, samplerId: actor.userId, cabinetLocationId, cabinet, keepUntil, note: input.note ?? null,
  }).onConflictDoNothing().returning();
  if (!row) throw new AppError('canteen.meals.sampleExists', 409, { fields: [{ path: 'dishId', code: 'canteen.meals.sampleExists' }] });
  const photoIds = input.photoIds ?? [];
  if (photoIds.length) await attachFiles(tx, actor, { entity: ENTITY.sample, entityId: row.id, slot: 'photo' }, photoIds, 'photoIds');
  await recordAudit(tx, actor, { entity: ENTITY.sample, entityId: row.id, action: 'create', after: {
    day: row.day, meal: row.meal, dishId: row.dishId, dishName: row.dishName, weightGrams: row.weightGrams, cabinetLocationId, cabinet, photos: photoIds.length,
  } });
  return row.id;
}

/** Disposal: not before the keep time (the longer of the one set when sampled and the one in force now), once. */
export async function disposeSample(tx: Db, actor: Actor, clock: Clock, id: number): Promise<void> {
  const [s] = await tx.select().from(canteenSamples).where(and(eq(canteenSamples.schoolId, actor.schoolId), eq(canteenSamples.id, id))).for('update');
  if (!s) throw notFound();
  if (s.disposedAt) throw new AppError('canteen.meals.sampleDisposed', 409);
  const [settings, tz] = await Promise.all([mealsSettingsOf(tx, actor.schoolId), schoolZone(tx, actor.schoolId)]);
  const allowedAt = new Date(Math.max(s.keepUntil.getTime(), s.sampledAt.getTime() + settings.sampleKeepHours * 3600_000));
  const now = clock.now();
  if (now < allowedAt) {
    throw new AppError('canteen.meals.sampleKeep', 409, { params: { at: localDateTimeOf(allowedAt, tz), hours: settings.sampleKeepHours } });
  }
  await tx.update(canteenSamples).set({ disposedAt: now, disposedBy: actor.userId, version: sql`${canteenSamples.version} + 1`, updatedAt: now })
    .where(and(eq(canteenSamples.schoolId, actor.schoolId), eq(canteenSamples.id, id)));
  await recordAudit(tx, actor, { entity: ENTITY.sample, entityId: id, action: 'dispose', before: { disposedAt: null }, after: { disposedAt: now.toISOString(), disposedBy: actor.userId } });
}

function sampleOf(r: Raw, photos: Sample['photos']): Sample {
  return {
    id: Number(r.id), day: ymd(r.day), meal: r.meal as Meal, dishId: Number(r.dish_id), dishName: String(r.dish_name), weightGrams: Number(r.weight_grams),
    sampledAt: iso(r.sampled_at), samplerId: numOrNull(r.sampler_id), samplerName: strOrNull(r.sampler_name),
    cabinetLocationId: numOrNull(r.cabinet_location_id), cabinet: strOrNull(r.cabinet_name) ?? strOrNull(r.cabinet), keepUntil: iso(r.keep_until),
    disposedAt: isoOrNull(r.disposed_at), disposedById: numOrNull(r.disposed_by), disposedByName: strOrNull(r.disposed_by_name),
    note: strOrNull(r.note), photos, version: Number(r.version),
  };
}

async function samplesPage(db: Db, schoolId: number, where: SQL, orderBy: SQL[], limit: number): Promise<Sample[]> {
  const inner = db.select().from(canteenSamples).where(where).orderBy(...orderBy).limit(limit);
  const rows = await rowsOf<Raw>(db, sql`SELECT s.*, u.name AS sampler_name, d.name AS disposed_by_name, l.name AS cabinet_name
    FROM (${inner}) s
    LEFT JOIN users u ON u.school_id = s.school_id AND u.id = s.sampler_id
    LEFT JOIN users d ON d.school_id = s.school_id AND d.id = s.disposed_by
    LEFT JOIN locations l ON l.school_id = s.school_id AND l.id = s.cabinet_location_id
    ORDER BY s.sampled_at DESC, s.id DESC`);
  const photos = await filesOf(db, schoolId, ENTITY.sample, rows.map((r) => Number(r.id)));
  return rows.map((r) => sampleOf(r, (photos.get(Number(r.id)) ?? []).map(({ slot: _s, ...f }) => f)));
}

export async function listSamples(db: Db, schoolId: number, q: z.infer<typeof SampleListQuery>, tz: string): Promise<{ items: Sample[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-sampledAt', sorts: { sampledAt: canteenSamples.sampledAt }, id: canteenSamples.id, cursor: q.cursor });
  const where = and(
    eq(canteenSamples.schoolId, schoolId),
    q.from ? sql`${canteenSamples.sampledAt} >= ${startOf(q.from, tz)}` : undefined,
    q.to ? sql`${canteenSamples.sampledAt} < ${startOf(nextDay(q.to), tz)}` : undefined,
    q.meal ? eq(canteenSamples.meal, q.meal) : undefined,
    q.disposed === true ? sql`${canteenSamples.disposedAt} IS NOT NULL` : undefined,
    q.disposed === false ? sql`${canteenSamples.disposedAt} IS NULL` : undefined,
    q.q ? sql`${canteenSamples.dishName} ILIKE ${like(q.q)}` : undefined,
    ks.where,
  )!;
  const items = await samplesPage(db, schoolId, where, ks.orderBy, q.limit);
  return { items, nextCursor: ks.next(items as unknown as Record<string, unknown>[], q.limit) };
}

export async function getSample(db: Db, schoolId: number, id: number): Promise<Sample> {
  const [s] = await samplesPage(db, schoolId, and(eq(canteenSamples.schoolId, schoolId), eq(canteenSamples.id, id))!, [], 1);
  if (!s) throw notFound();
  return s;
}

const startOf = (day: string, tz: string) => startOfDay(day, tz).toISOString();
const nextDay = (day: string) => addDays(day, 1);
