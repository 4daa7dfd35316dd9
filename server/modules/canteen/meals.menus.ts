import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CanteenMealsSettings, Meal, Menu, MenuDetail, MenuDish, MenuListQuery, MenuMeal, MenuSummary, Nutrition, PublicMenu } from '../../../contracts/canteenMeals';
import { MEALS } from '../../../contracts/canteenMeals';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { keyset } from '../../platform/pagination';
import { addDays, localDate, zonedTime } from '../../platform/schedules';
import type { Clock } from '../../platform/clock';
import { schools } from '../../platform/platform.tables';
import { canteenDishes, canteenMenuMeals, canteenMenus, canteenMenuSnapshots } from './meals.tables';
import { ENTITY, badField, historyOf, iso, isoOrNull, isoWeekday, notFound, schoolZone, stale, ymd, type Raw } from './meals.common';
import { bannedMatch, bannedTerms } from './meals.dishes';
import { mealsSettingsOf } from './meals.settings';

/*
 * Weekly menus: per week (Monday) per day per meal the dishes and an optional price. Draft → published;
 * the published menu is the served menu (samples, 陪餐 and flags follow it). A published menu may still
 * change for meals not yet over (audited, and the public page gets a new snapshot); a meal whose end time
 * has passed cannot change any more (400 naming the meal). Every dish is checked against the banned list.
 * Publishing writes a frozen, dated snapshot for the public page (dish names, nutrition, prices; no people).
 */

type MealInput = { day: string; meal: Meal; dishIds: number[]; priceFen?: number | null };
const mealOrder = (m: string) => MEALS.indexOf(m as Meal);
const round1 = (n: number) => Math.round(n * 10) / 10;

export function sumNutrition(dishes: { energyKcal: number; proteinG: number; fatG: number; carbG: number }[]): Nutrition {
  const s = dishes.reduce((a, d) => ({ energyKcal: a.energyKcal + d.energyKcal, proteinG: a.proteinG + d.proteinG, fatG: a.fatG + d.fatG, carbG: a.carbG + d.carbG }), { energyKcal: 0, proteinG: 0, fatG: 0, carbG: 0 });
  return { energyKcal: Math.round(s.energyKcal), proteinG: round1(s.proteinG), fatG: round1(s.fatG), carbG: round1(s.carbG) };
}

/** Checks a week's meals: days in the week, meals the school serves, once each, dishes of the school, active, not banned. */
async function checkMeals(tx: Db, schoolId: number, settings: CanteenMealsSettings, weekStart: string, meals: MealInput[]) {
  const seen = new Set<string>();
  const weekEnd = addDays(weekStart, 6);
  meals.forEach((m, i) => {
    if (m.day < weekStart || m.day > weekEnd) throw badField(`meals.${i}.day`, 'canteen.meals.dayOutsideWeek', { weekStart });
    if (!settings.servedMeals.includes(m.meal)) throw badField(`meals.${i}.meal`, 'canteen.meals.mealNotServed');
    const key = `${m.day}/${m.meal}`;
    if (seen.has(key)) throw badField(`meals.${i}.meal`, 'canteen.meals.mealTwice');
    seen.add(key);
    if (new Set(m.dishIds).size !== m.dishIds.length) throw badField(`meals.${i}.dishIds`, 'canteen.meals.dishTwice');
  });
  const ids = [...new Set(meals.flatMap((m) => m.dishIds))];
  const rows = ids.length ? await tx.select().from(canteenDishes).where(and(eq(canteenDishes.schoolId, schoolId), inArray(canteenDishes.id, ids))) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const terms = bannedTerms(settings.bannedExtra);
  meals.forEach((m, i) => m.dishIds.forEach((id, j) => {
    const d = byId.get(id);
    const path = `meals.${i}.dishIds.${j}`;
    if (!d || !d.active) throw badField(path, 'canteen.meals.dishMissing');
    const banned = bannedMatch({ name: d.name, category: d.category, ingredients: d.ingredients ?? [] }, terms);
    if (banned) throw new AppError('canteen.meals.dishBanned', 400, { params: { dish: d.name, banned }, fields: [{ path, code: 'canteen.meals.dishBanned', params: { dish: d.name, banned } }] });
  }));
}

/** Has this meal of this day ended by now (in the school's zone)? */
export const mealEnded = (settings: CanteenMealsSettings, day: string, meal: Meal, tz: string, now: Date) => zonedTime(day, settings.mealTimes[meal].end, tz) <= now;

async function writeMeals(tx: Db, schoolId: number, menuId: number, meals: MealInput[], published: boolean) {
  await tx.delete(canteenMenuMeals).where(and(eq(canteenMenuMeals.schoolId, schoolId), eq(canteenMenuMeals.menuId, menuId)));
  if (meals.length) {
    await tx.insert(canteenMenuMeals).values(meals.map((m) => ({ schoolId, menuId, day: m.day, meal: m.meal, dishIds: m.dishIds, priceFen: m.priceFen ?? null, published })));
  }
}

const mealsAudit = (meals: MealInput[]) => Object.fromEntries([...meals].sort((a, b) => a.day.localeCompare(b.day) || mealOrder(a.meal) - mealOrder(b.meal))
  .map((m) => [`${m.day} ${m.meal}`, { dishIds: m.dishIds, priceFen: m.priceFen ?? null }]));

export async function createMenu(tx: Db, actor: Actor, input: { weekStart: string; meals?: MealInput[] }): Promise<number> {
  if (isoWeekday(input.weekStart) !== 1) throw badField('weekStart', 'canteen.meals.notMonday');
  const settings = await mealsSettingsOf(tx, actor.schoolId);
  const meals = input.meals ?? [];
  await checkMeals(tx, actor.schoolId, settings, input.weekStart, meals);
  const [row] = await tx.insert(canteenMenus).values({ schoolId: actor.schoolId, weekStart: input.weekStart, createdBy: actor.userId })
    .onConflictDoNothing().returning();
  if (!row) throw new AppError('canteen.meals.menuExists', 409, { fields: [{ path: 'weekStart', code: 'canteen.meals.menuExists' }] });
  await writeMeals(tx, actor.schoolId, row.id, meals, false);
  await recordAudit(tx, actor, { entity: ENTITY.menu, entityId: row.id, action: 'create', after: { weekStart: row.weekStart, meals: mealsAudit(meals) } });
  return row.id;
}

async function lockedMenu(tx: Db, schoolId: number, id: number, version: number) {
  const [menu] = await tx.select().from(canteenMenus).where(and(eq(canteenMenus.schoolId, schoolId), eq(canteenMenus.id, id))).for('update');
  if (!menu) throw notFound();
  if (menu.version !== version) throw stale();
  return menu;
}

export async function updateMenu(tx: Db, actor: Actor, clock: Clock, id: number, input: { meals: MealInput[]; version: number }): Promise<void> {
  const menu = await lockedMenu(tx, actor.schoolId, id, input.version);
  const settings = await mealsSettingsOf(tx, actor.schoolId);
  await checkMeals(tx, actor.schoolId, settings, menu.weekStart, input.meals);
  const old = await tx.select().from(canteenMenuMeals).where(and(eq(canteenMenuMeals.schoolId, actor.schoolId), eq(canteenMenuMeals.menuId, id)));
  const oldMeals: MealInput[] = old.map((m) => ({ day: m.day, meal: m.meal, dishIds: m.dishIds, priceFen: m.priceFen }));
  const published = menu.status === 'published';
  if (published) {
    // A served meal that is over is history: its dishes and price stay as served.
    const tz = await schoolZone(tx, actor.schoolId);
    const now = clock.now();
    const sig = (m?: MealInput) => (m ? JSON.stringify([m.dishIds, m.priceFen ?? null]) : '');
    const keys = new Set([...oldMeals, ...input.meals].map((m) => `${m.day}/${m.meal}`));
    for (const key of keys) {
      const [day, meal] = key.split('/') as [string, Meal];
      if (!mealEnded(settings, day, meal, tz, now)) continue;
      const a = oldMeals.find((m) => m.day === day && m.meal === meal);
      const b = input.meals.find((m) => m.day === day && m.meal === meal);
      if (sig(a) !== sig(b)) {
        const i = input.meals.findIndex((m) => m.day === day && m.meal === meal);
        throw badField(i >= 0 ? `meals.${i}.dishIds` : 'meals', 'canteen.meals.mealPast', { day, meal });
      }
    }
  }
  await writeMeals(tx, actor.schoolId, id, input.meals, published);
  await tx.update(canteenMenus).set({ version: sql`${canteenMenus.version} + 1`, updatedAt: clock.now() }).where(and(eq(canteenMenus.schoolId, actor.schoolId), eq(canteenMenus.id, id)));
  await recordAudit(tx, actor, { entity: ENTITY.menu, entityId: id, action: published ? 'updatePublished' : 'update', before: { meals: mealsAudit(oldMeals) }, after: { meals: mealsAudit(input.meals) } });
  if (published) await snapshot(tx, actor.schoolId, id, clock.now());
}

export async function publishMenu(tx: Db, actor: Actor, clock: Clock, id: number, version: number): Promise<void> {
  const menu = await lockedMenu(tx, actor.schoolId, id, version);
  if (menu.status === 'published') throw new AppError('canteen.meals.alreadyPublished', 409);
  const meals = await tx.select({ id: canteenMenuMeals.id }).from(canteenMenuMeals).where(and(eq(canteenMenuMeals.schoolId, actor.schoolId), eq(canteenMenuMeals.menuId, id)));
  if (!meals.length) throw badField('meals', 'canteen.meals.menuEmpty');
  const now = clock.now();
  await tx.update(canteenMenus).set({ status: 'published', publishedAt: now, publishedBy: actor.userId, version: sql`${canteenMenus.version} + 1`, updatedAt: now })
    .where(and(eq(canteenMenus.schoolId, actor.schoolId), eq(canteenMenus.id, id)));
  await tx.update(canteenMenuMeals).set({ published: true }).where(and(eq(canteenMenuMeals.schoolId, actor.schoolId), eq(canteenMenuMeals.menuId, id)));
  await recordAudit(tx, actor, { entity: ENTITY.menu, entityId: id, action: 'publish', before: { status: 'draft' }, after: { status: 'published' } });
  await snapshot(tx, actor.schoolId, id, now);
}

/** The frozen public copy of a menu: dish names, categories, nutrition and prices — no ids of people, no names of staff. */
async function snapshot(tx: Db, schoolId: number, menuId: number, at: Date) {
  const menu = await loadMenu(tx, schoolId, menuId);
  const content = { meals: menu.meals.map((m) => ({ ...m, dishes: m.dishes.map(({ id: _id, ...d }) => d) })) };
  await tx.insert(canteenMenuSnapshots).values({ schoolId, menuId, weekStart: menu.weekStart, publishedAt: at, content });
}

/** Dishes of some meal rows, with nutrition (one query). */
export async function dishesById(db: Db, schoolId: number, ids: number[]): Promise<Map<number, MenuDish>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(canteenDishes).where(and(eq(canteenDishes.schoolId, schoolId), inArray(canteenDishes.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, category: r.category as MenuDish['category'], priceFen: r.priceFen, energyKcal: r.energyKcal, proteinG: r.proteinG, fatG: r.fatG, carbG: r.carbG }]));
}

async function loadMenu(db: Db, schoolId: number, id: number): Promise<Menu> {
  const [menu] = await db.select().from(canteenMenus).where(and(eq(canteenMenus.schoolId, schoolId), eq(canteenMenus.id, id)));
  if (!menu) throw notFound();
  const rows = await db.select().from(canteenMenuMeals).where(and(eq(canteenMenuMeals.schoolId, schoolId), eq(canteenMenuMeals.menuId, id)));
  const dishes = await dishesById(db, schoolId, rows.flatMap((r) => r.dishIds));
  const meals: MenuMeal[] = rows.sort((a, b) => a.day.localeCompare(b.day) || mealOrder(a.meal) - mealOrder(b.meal)).map((r) => {
    const ds = r.dishIds.map((d) => dishes.get(d)).filter((d): d is MenuDish => !!d);
    return { day: r.day, meal: r.meal, priceFen: r.priceFen, dishes: ds, nutrition: sumNutrition(ds) };
  });
  const days = [...new Set(meals.map((m) => m.day))].map((day) => ({ day, nutrition: sumNutrition(meals.filter((m) => m.day === day).map((m) => m.nutrition)) }));
  return {
    id: menu.id, weekStart: menu.weekStart, status: menu.status, publishedAt: isoOrNull(menu.publishedAt),
    meals, days, version: menu.version, updatedAt: iso(menu.updatedAt),
  };
}

export async function getMenu(db: Db, schoolId: number, id: number): Promise<MenuDetail> {
  const menu = await loadMenu(db, schoolId, id);
  return { ...menu, history: await historyOf(db, schoolId, ENTITY.menu, id) };
}

/** The menu of the week holding `day` (its Monday), or null. */
export async function menuOfWeek(db: Db, schoolId: number, day: string): Promise<MenuDetail | null> {
  const monday = addDays(day, 1 - isoWeekday(day));
  const [m] = await db.select({ id: canteenMenus.id }).from(canteenMenus).where(and(eq(canteenMenus.schoolId, schoolId), eq(canteenMenus.weekStart, monday)));
  return m ? getMenu(db, schoolId, m.id) : null;
}

export const mondayOf = (day: string) => addDays(day, 1 - isoWeekday(day));
export const todayIn = (clock: Clock, tz: string) => localDate(clock.now(), tz);

export async function listMenus(db: Db, schoolId: number, q: z.infer<typeof MenuListQuery>): Promise<{ items: MenuSummary[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-weekStart', sorts: { weekStart: canteenMenus.weekStart }, id: canteenMenus.id, cursor: q.cursor });
  const inner = db.select().from(canteenMenus).where(and(eq(canteenMenus.schoolId, schoolId), q.status ? eq(canteenMenus.status, q.status) : undefined, ks.where)).orderBy(...ks.orderBy).limit(q.limit);
  const dir = q.sort === 'weekStart' ? 'ASC' : 'DESC';
  const rows = await rowsOf<Raw>(db, sql`SELECT m.*, (SELECT count(*)::int FROM canteen_menu_meals x WHERE x.school_id = m.school_id AND x.menu_id = m.id) AS meal_count
    FROM (${inner}) m ORDER BY ${sql.raw(`m.week_start ${dir}, m.id ${dir}`)}`);
  const items = rows.map((r) => ({ id: Number(r.id), weekStart: ymd(r.week_start), status: r.status as MenuSummary['status'], publishedAt: isoOrNull(r.published_at), mealCount: Number(r.meal_count), version: Number(r.version) }));
  return { items, nextCursor: ks.next(items as unknown as Record<string, unknown>[], q.limit) };
}

/** The public page: the latest snapshot (or the latest of a given week) of a school found by its code. */
export async function publicMenu(db: Db, code: string, week?: string): Promise<PublicMenu> {
  const [school] = await db.select({ id: schools.id, name: schools.name }).from(schools).where(and(eq(schools.code, code), eq(schools.kind, 'school'), eq(schools.active, true)));
  if (!school) throw notFound();
  const [snap] = await rowsOf<Raw>(db, sql`SELECT week_start, published_at, content FROM canteen_menu_snapshots
    WHERE school_id = ${school.id} ${week ? sql`AND week_start = ${mondayOf(week)}` : sql``} ORDER BY published_at DESC, id DESC LIMIT 1`);
  if (!snap) throw new AppError('canteen.meals.noPublicMenu', 404);
  const weeks = await rowsOf<Raw>(db, sql`SELECT week_start, max(published_at) AS published_at FROM canteen_menu_snapshots
    WHERE school_id = ${school.id} GROUP BY week_start ORDER BY week_start DESC LIMIT 12`);
  const content = (typeof snap.content === 'string' ? JSON.parse(snap.content) : snap.content) as { meals: PublicMenu['meals'] };
  return {
    schoolName: school.name, weekStart: ymd(snap.week_start), publishedAt: iso(snap.published_at), meals: content.meals,
    weeks: weeks.map((w) => ({ weekStart: ymd(w.week_start), publishedAt: iso(w.published_at) })),
  };
}
