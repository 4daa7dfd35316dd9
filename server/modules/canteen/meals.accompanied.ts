import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Accompanied, AccompaniedListQuery, CanteenMealsSettings, Meal, Rota, RotaEntry } from '../../../contracts/canteenMeals';
import { MEALS } from '../../../contracts/canteenMeals';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { keyset } from '../../platform/pagination';
import { addDays, localDate, startOfDay, upsertSchedule, zonedTime, type ScheduleHandler } from '../../platform/schedules';
import { completeTasks, createTask } from '../../platform/tasks';
import { tasks } from '../../platform/schedules.tables';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { canteenAccompanied, canteenRota } from './meals.tables';
import { ENTITY, ROTA_OWNER, badField, iso, isoOrNull, isoWeekday, like, notFound, numOrNull, schoolZone, stale, strOrNull, ymd, type Raw } from './meals.common';
import { mealsSettingsOf } from './meals.settings';

/*
 * 陪餐 (RULES.md "Canteen"): a school leader eats with the students at every meal — a user holding an
 * allowed role (principal, vice principal, director by default) or an allowed post the school names —
 * or a parent, recorded with a name and no account. Dishes of that meal's published menu, four ratings,
 * problems found and a follow-up with the person who follows it up (a task for them) until it is closed.
 * The rota of leaders per meal keeps one weekly schedule per row: on each rota day the schedule creates a
 * task for the leader, due at the meal's end, when the meal is on the published menu; recording the
 * accompanied meal completes it.
 */

export const FOLLOW_UP_DAYS = 3;

/** The users who may be recorded as the accompanying leader (by role or post), one query. */
export async function allowedLeaders(db: Db, schoolId: number, settings: CanteenMealsSettings, onlyId?: number): Promise<{ id: number; name: string; post: string | null }[]> {
  const roles = sql.join(settings.accompanyRoles.map((r) => sql`${r}`), sql`, `);
  const posts = settings.accompanyPosts.length ? sql`OR u.post IN (${sql.join(settings.accompanyPosts.map((p) => sql`${p}`), sql`, `)})` : sql``;
  const rows = await rowsOf<{ id: number; name: string; post: string | null }>(db, sql`SELECT u.id, u.name, u.post FROM users u
    WHERE u.school_id = ${schoolId} AND u.active ${onlyId !== undefined ? sql`AND u.id = ${onlyId}` : sql``}
      AND (EXISTS (SELECT 1 FROM user_roles r WHERE r.school_id = u.school_id AND r.user_id = u.id AND r.role IN (${roles})) ${posts})
    ORDER BY u.name, u.id`);
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), post: strOrNull(r.post) }));
}

/** The published dishes of a day's meal, or null when the meal is not served. */
async function servedDishes(tx: Db, schoolId: number, day: string, meal: Meal): Promise<number[] | null> {
  const [row] = await rowsOf<{ dish_ids: number[] }>(tx, sql`SELECT dish_ids FROM canteen_menu_meals WHERE school_id = ${schoolId} AND day = ${day} AND meal = ${meal} AND published`);
  return row ? row.dish_ids.map(Number) : null;
}

export interface AccompaniedInput {
  day: string; meal: Meal; personKind: 'leader' | 'parent'; leaderId?: number | null; parentName?: string | null; dishIds?: number[];
  ratingQuality: number; ratingQuantity: number; ratingHygiene: number; ratingPrice: number;
  problems?: string | null; followUp?: string | null; followUpById?: number | null;
}

export async function createAccompanied(tx: Db, actor: Actor, clock: Clock, input: AccompaniedInput): Promise<number> {
  const [settings, tz] = await Promise.all([mealsSettingsOf(tx, actor.schoolId), schoolZone(tx, actor.schoolId)]);
  const now = clock.now();
  if (input.day > localDate(now, tz)) throw badField('day', 'canteen.meals.dayInFuture');
  const dishes = await servedDishes(tx, actor.schoolId, input.day, input.meal);
  if (!dishes) throw badField('meal', 'canteen.meals.mealNotOnMenu');
  let leaderId: number | null = null; let parentName: string | null = null; let post: string | null = null;
  if (input.personKind === 'leader') {
    if (input.parentName) throw badField('parentName', 'canteen.meals.parentNameForLeader');
    leaderId = input.leaderId ?? actor.userId;
    if (leaderId == null) throw badField('leaderId', 'canteen.meals.notALeader');
    const [leader] = await allowedLeaders(tx, actor.schoolId, settings, leaderId);
    if (!leader) throw badField('leaderId', 'canteen.meals.notALeader');
    post = leader.post;
  } else {
    if (input.leaderId != null) throw badField('leaderId', 'canteen.meals.leaderForParent');
    if (!input.parentName) throw badField('parentName', 'canteen.meals.parentNameRequired');
    parentName = input.parentName;
    post = null;
  }
  const dishIds = input.dishIds?.length ? [...new Set(input.dishIds)] : dishes;
  dishIds.forEach((d, i) => { if (!dishes.includes(d)) throw badField(`dishIds.${i}`, 'canteen.meals.dishNotServed'); });
  if (input.followUpById != null) await refs.user(tx, actor.schoolId, input.followUpById, 'followUpById');
  if (input.followUpById != null && !input.followUp) throw badField('followUp', 'canteen.meals.followUpRequired');
  const [row] = await tx.insert(canteenAccompanied).values({
    schoolId: actor.schoolId, day: input.day, meal: input.meal, personKind: input.personKind, leaderId, parentName, post, dishIds,
    ratingQuality: input.ratingQuality, ratingQuantity: input.ratingQuantity, ratingHygiene: input.ratingHygiene, ratingPrice: input.ratingPrice,
    problems: input.problems ?? null, followUp: input.followUp ?? null, followUpBy: input.followUpById ?? null, recordedBy: actor.userId,
  }).onConflictDoNothing().returning();
  if (!row) throw new AppError('canteen.meals.accompaniedExists', 409, { fields: [{ path: input.personKind === 'leader' ? 'leaderId' : 'parentName', code: 'canteen.meals.accompaniedExists' }] });
  await recordAudit(tx, actor, { entity: ENTITY.accompanied, entityId: row.id, action: 'create', after: {
    day: row.day, meal: row.meal, personKind: row.personKind, leaderId, parentName, dishIds, ratings: [row.ratingQuality, row.ratingQuantity, row.ratingHygiene, row.ratingPrice],
    problems: row.problems, followUp: row.followUp, followUpBy: row.followUpBy,
  } });
  if (row.followUp && row.followUpBy != null) {
    await createTask(tx, {
      schoolId: actor.schoolId, module: 'canteen', kind: 'canteen.meals.task.followUp', params: { day: row.day, mealKey: `canteen.meals.meal.${row.meal}` },
      entity: ENTITY.accompanied, entityId: row.id, assigneeId: row.followUpBy, dueAt: new Date(now.getTime() + FOLLOW_UP_DAYS * 86400_000), link: `/canteen/accompanied?id=${row.id}`,
    });
  }
  if (leaderId != null) {
    // The leader's rota task of this meal is done.
    const from = startOfDay(input.day, tz); const to = startOfDay(addDays(input.day, 1), tz);
    await tx.update(tasks).set({ state: 'done', completedAt: sql`now()` }).where(and(
      eq(tasks.schoolId, actor.schoolId), eq(tasks.entity, ENTITY.rota), eq(tasks.assigneeId, leaderId), eq(tasks.state, 'open'),
      sql`${tasks.params}->>'meal' = ${input.meal}`, sql`${tasks.dueAt} >= ${from.toISOString()} AND ${tasks.dueAt} < ${to.toISOString()}`,
    ));
  }
  return row.id;
}

export async function closeFollowUp(tx: Db, actor: Actor, clock: Clock, id: number, input: { followUpResult: string; version: number }): Promise<void> {
  const [before] = await tx.select().from(canteenAccompanied).where(and(eq(canteenAccompanied.schoolId, actor.schoolId), eq(canteenAccompanied.id, id)));
  if (!before) throw notFound();
  if (!before.followUp || before.followUpClosedAt) throw new AppError('canteen.meals.followUpNotOpen', 409);
  const now = clock.now();
  const [after] = await tx.update(canteenAccompanied).set({ followUpResult: input.followUpResult, followUpClosedAt: now, followUpClosedBy: actor.userId, version: sql`${canteenAccompanied.version} + 1`, updatedAt: now })
    .where(and(eq(canteenAccompanied.schoolId, actor.schoolId), eq(canteenAccompanied.id, id), eq(canteenAccompanied.version, input.version), sql`${canteenAccompanied.followUpClosedAt} IS NULL`)).returning();
  if (!after) throw stale();
  await completeTasks(tx, actor.schoolId, ENTITY.accompanied, id);
  await recordAudit(tx, actor, { entity: ENTITY.accompanied, entityId: id, action: 'closeFollowUp', before: { followUpResult: null }, after: { followUpResult: input.followUpResult } });
}

function accompaniedOf(r: Raw): Accompanied {
  const names = (r.dish_names as { id: number; name: string }[] | string | null) ?? [];
  return {
    id: Number(r.id), day: ymd(r.day), meal: r.meal as Meal, personKind: r.person_kind as Accompanied['personKind'],
    leaderId: numOrNull(r.leader_id), personName: String(r.leader_name ?? r.parent_name ?? ''), post: strOrNull(r.post),
    dishes: (typeof names === 'string' ? JSON.parse(names) : names).map((d: { id: number; name: string }) => ({ id: Number(d.id), name: String(d.name) })),
    ratingQuality: Number(r.rating_quality), ratingQuantity: Number(r.rating_quantity), ratingHygiene: Number(r.rating_hygiene), ratingPrice: Number(r.rating_price),
    problems: strOrNull(r.problems), followUp: strOrNull(r.follow_up), followUpById: numOrNull(r.follow_up_by), followUpByName: strOrNull(r.follow_up_by_name),
    followUpState: r.follow_up == null ? 'none' : r.follow_up_closed_at == null ? 'open' : 'closed',
    followUpResult: strOrNull(r.follow_up_result), followUpClosedAt: isoOrNull(r.follow_up_closed_at), followUpClosedByName: strOrNull(r.follow_up_closed_by_name),
    recordedById: numOrNull(r.recorded_by), createdAt: iso(r.created_at), version: Number(r.version),
  };
}

async function accompaniedPage(db: Db, where: SQL, orderBy: SQL[], limit: number, dir: 'ASC' | 'DESC'): Promise<Accompanied[]> {
  const inner = db.select().from(canteenAccompanied).where(where).orderBy(...orderBy).limit(limit);
  const rows = await rowsOf<Raw>(db, sql`SELECT a.*, l.name AS leader_name, f.name AS follow_up_by_name, c.name AS follow_up_closed_by_name,
      (SELECT coalesce(json_agg(json_build_object('id', d.id, 'name', d.name) ORDER BY array_position(a.dish_ids, d.id)), '[]'::json)
         FROM canteen_dishes d WHERE d.school_id = a.school_id AND d.id = ANY(a.dish_ids)) AS dish_names
    FROM (${inner}) a
    LEFT JOIN users l ON l.school_id = a.school_id AND l.id = a.leader_id
    LEFT JOIN users f ON f.school_id = a.school_id AND f.id = a.follow_up_by
    LEFT JOIN users c ON c.school_id = a.school_id AND c.id = a.follow_up_closed_by
    ORDER BY ${sql.raw(`a.day ${dir}, a.id ${dir}`)}`);
  return rows.map(accompaniedOf);
}

export async function listAccompanied(db: Db, schoolId: number, q: z.infer<typeof AccompaniedListQuery>): Promise<{ items: Accompanied[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-day', sorts: { day: canteenAccompanied.day }, id: canteenAccompanied.id, cursor: q.cursor });
  const where = and(
    eq(canteenAccompanied.schoolId, schoolId),
    q.from ? sql`${canteenAccompanied.day} >= ${q.from}` : undefined,
    q.to ? sql`${canteenAccompanied.day} <= ${q.to}` : undefined,
    q.meal ? eq(canteenAccompanied.meal, q.meal) : undefined,
    q.personKind ? eq(canteenAccompanied.personKind, q.personKind) : undefined,
    q.followUpState === 'none' ? sql`${canteenAccompanied.followUp} IS NULL` : undefined,
    q.followUpState === 'open' ? sql`${canteenAccompanied.followUp} IS NOT NULL AND ${canteenAccompanied.followUpClosedAt} IS NULL` : undefined,
    q.followUpState === 'closed' ? sql`${canteenAccompanied.followUpClosedAt} IS NOT NULL` : undefined,
    q.q ? sql`(${canteenAccompanied.problems} ILIKE ${like(q.q)} OR ${canteenAccompanied.parentName} ILIKE ${like(q.q)})` : undefined,
    ks.where,
  )!;
  const items = await accompaniedPage(db, where, ks.orderBy, q.limit, q.sort === 'day' ? 'ASC' : 'DESC');
  return { items, nextCursor: ks.next(items as unknown as Record<string, unknown>[], q.limit) };
}

export async function getAccompanied(db: Db, schoolId: number, id: number): Promise<Accompanied> {
  const [a] = await accompaniedPage(db, and(eq(canteenAccompanied.schoolId, schoolId), eq(canteenAccompanied.id, id))!, [], 1, 'DESC');
  if (!a) throw notFound();
  return a;
}

// ── Rota ──

const rotaRule = (weekdays: number[], startsOn: string) => ({ freq: 'weekly' as const, weekdays: [...new Set(weekdays)].sort(), time: '05:00', startsOn });

export async function createRota(tx: Db, actor: Actor, clock: Clock, input: { leaderId: number; meal: Meal; weekdays: number[] }): Promise<number> {
  const [settings, tz] = await Promise.all([mealsSettingsOf(tx, actor.schoolId), schoolZone(tx, actor.schoolId)]);
  const [leader] = await allowedLeaders(tx, actor.schoolId, settings, input.leaderId);
  if (!leader) throw badField('leaderId', 'canteen.meals.notALeader');
  if (!settings.servedMeals.includes(input.meal)) throw badField('meal', 'canteen.meals.mealNotServed');
  const weekdays = [...new Set(input.weekdays)].sort();
  const [row] = await tx.insert(canteenRota).values({ schoolId: actor.schoolId, leaderId: input.leaderId, meal: input.meal, weekdays }).onConflictDoNothing().returning();
  if (!row) throw new AppError('canteen.meals.rotaExists', 409, { fields: [{ path: 'leaderId', code: 'canteen.meals.rotaExists' }] });
  await upsertSchedule(tx, { schoolId: actor.schoolId, owner: ROTA_OWNER, ownerId: row.id, rule: rotaRule(weekdays, localDate(clock.now(), tz)), active: true });
  await recordAudit(tx, actor, { entity: ENTITY.rota, entityId: row.id, action: 'create', after: { leaderId: row.leaderId, meal: row.meal, weekdays } });
  return row.id;
}

export async function updateRota(tx: Db, actor: Actor, clock: Clock, id: number, input: { weekdays?: number[]; active?: boolean; version: number }): Promise<void> {
  const [before] = await tx.select().from(canteenRota).where(and(eq(canteenRota.schoolId, actor.schoolId), eq(canteenRota.id, id)));
  if (!before) throw notFound();
  const weekdays = input.weekdays ? [...new Set(input.weekdays)].sort() : before.weekdays;
  const active = input.active ?? before.active;
  const [after] = await tx.update(canteenRota).set({ weekdays, active, version: sql`${canteenRota.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(canteenRota.schoolId, actor.schoolId), eq(canteenRota.id, id), eq(canteenRota.version, input.version))).returning();
  if (!after) throw stale();
  const tz = await schoolZone(tx, actor.schoolId);
  await upsertSchedule(tx, { schoolId: actor.schoolId, owner: ROTA_OWNER, ownerId: id, rule: rotaRule(weekdays, localDate(clock.now(), tz)), active });
  await recordAudit(tx, actor, { entity: ENTITY.rota, entityId: id, action: 'update', before: { weekdays: before.weekdays, active: before.active }, after: { weekdays, active } });
}

/** The schedule handler: a task for the rota's leader on their day, when the meal is on the published menu. */
export const rotaHandler: ScheduleHandler = async (tx, due) => {
  const [rota] = await tx.select().from(canteenRota).where(and(eq(canteenRota.schoolId, due.schoolId), eq(canteenRota.id, due.ownerId)));
  if (!rota || !rota.active) return;
  const [settings, tz] = await Promise.all([mealsSettingsOf(tx, due.schoolId), schoolZone(tx, due.schoolId)]);
  const day = localDate(due.dueAt, tz);
  if (!(await servedDishes(tx, due.schoolId, day, rota.meal))) return;
  await createTask(tx, {
    schoolId: due.schoolId, module: 'canteen', kind: 'canteen.meals.task.accompany', params: { day, meal: rota.meal, mealKey: `canteen.meals.meal.${rota.meal}` },
    entity: ENTITY.rota, entityId: rota.id, assigneeId: rota.leaderId, dueAt: zonedTime(day, settings.mealTimes[rota.meal].end, tz),
    link: `/canteen/accompanied?day=${day}&meal=${rota.meal}`,
  });
};

/** The rota and who is due when over the next two weeks (served meals on published menus; done when recorded). */
export async function rotaView(db: Db, schoolId: number, clock: Clock): Promise<Rota> {
  const tz = await schoolZone(db, schoolId);
  const today = localDate(clock.now(), tz);
  const until = addDays(today, 13);
  const [rows, served, done] = await Promise.all([
    rowsOf<Raw>(db, sql`SELECT r.*, u.name AS leader_name, u.post FROM canteen_rota r JOIN users u ON u.school_id = r.school_id AND u.id = r.leader_id
      WHERE r.school_id = ${schoolId} ORDER BY array_position(ARRAY['breakfast','lunch','dinner'], r.meal), u.name, r.id`),
    rowsOf<{ day: string; meal: Meal }>(db, sql`SELECT day::text AS day, meal FROM canteen_menu_meals WHERE school_id = ${schoolId} AND published AND day BETWEEN ${today} AND ${until}`),
    rowsOf<{ day: string; meal: Meal }>(db, sql`SELECT DISTINCT day::text AS day, meal FROM canteen_accompanied_meals WHERE school_id = ${schoolId} AND day BETWEEN ${today} AND ${until}`),
  ]);
  const items: RotaEntry[] = rows.map((r) => ({
    id: Number(r.id), leaderId: Number(r.leader_id), leaderName: String(r.leader_name), post: strOrNull(r.post), meal: r.meal as Meal,
    weekdays: (r.weekdays as number[]).map(Number), active: Boolean(r.active), version: Number(r.version),
  }));
  const doneSet = new Set(done.map((d) => `${d.day}/${d.meal}`));
  const upcoming = served.sort((a, b) => a.day.localeCompare(b.day) || MEALS.indexOf(a.meal) - MEALS.indexOf(b.meal)).map((s) => ({
    day: s.day, meal: s.meal, done: doneSet.has(`${s.day}/${s.meal}`),
    leaders: items.filter((i) => i.active && i.meal === s.meal && i.weekdays.includes(isoWeekday(s.day))).map((i) => ({ leaderId: i.leaderId, leaderName: i.leaderName })),
  }));
  return { items, upcoming };
}
