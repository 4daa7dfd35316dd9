import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { BANNED_BASE, type CreateDishInput, type Dish, type DishCategory, type DishListQuery, type UpdateDishInput, CreateDishInput as CreateDishSchema } from '../../../contracts/canteenMeals';
import type { Db } from '../../platform/db';
import { recordAudit, diff, type Actor } from '../../platform/audit';
import { keyset } from '../../platform/pagination';
import { pgErrorCode } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import { canteenDishes } from './meals.tables';
import { ENTITY, badField, iso, like, notFound, stale } from './meals.common';

/*
 * The dish library and the banned list (RULES.md "Banned on menus": 冷荤, 生食, 裱花蛋糕; 四季豆, 鲜黄花菜,
 * 野生蘑菇, 发芽土豆; extendable by the school's settings). A dish matches a banned term when its name,
 * its category's name or one of its ingredients' names contains the term (whitespace ignored). Only the
 * listed words match: 芸豆/豆角 (other names of 四季豆) or 黄花菜 without 鲜 are not caught unless the
 * school adds them to `bannedExtra` — dried daylily (干黄花菜) is allowed, as the rule intends.
 */

export const CATEGORY_ZH: Record<DishCategory, string> = {
  staple: '主食', meat: '荤菜', half_meat: '半荤', vegetable: '素菜', egg_tofu: '蛋品豆制品', soup: '汤', porridge: '粥', snack: '点心', fruit: '水果', other: '其他',
};

const norm = (s: string) => s.replace(/\s+/g, '');

/** The banned terms in force for a school: the national list plus the school's extension. */
export const bannedTerms = (extra: readonly string[]) => [...new Set([...BANNED_BASE, ...extra.map(norm).filter(Boolean)])];

/** The first banned term a dish matches, or null. */
export function bannedMatch(d: { name: string; category: string; ingredients: { name: string }[] }, terms: readonly string[]): string | null {
  const texts = [d.name, CATEGORY_ZH[d.category as DishCategory] ?? d.category, ...d.ingredients.map((i) => i.name)].map(norm);
  for (const term of terms) if (texts.some((t) => t.includes(term))) return term;
  return null;
}

type Row = typeof canteenDishes.$inferSelect;

export function dishOf(r: Row, terms: readonly string[]): Dish {
  return {
    id: r.id, name: r.name, category: r.category as DishCategory, ingredients: r.ingredients ?? [],
    energyKcal: r.energyKcal, proteinG: r.proteinG, fatG: r.fatG, carbG: r.carbG, priceFen: r.priceFen, active: r.active,
    banned: bannedMatch({ name: r.name, category: r.category, ingredients: r.ingredients ?? [] }, terms),
    version: r.version, updatedAt: iso(r.updatedAt),
  };
}

const audited = (d: Row) => ({
  name: d.name, category: d.category, ingredients: d.ingredients, energyKcal: d.energyKcal, proteinG: d.proteinG, fatG: d.fatG,
  carbG: d.carbG, priceFen: d.priceFen, active: d.active,
});

const nameTaken = (e: unknown) => pgErrorCode(e).code === '23505';

export async function createDish(tx: Db, actor: Actor, input: CreateDishInput): Promise<number> {
  const v = CreateDishSchema.parse(input);
  const [dupe] = await tx.select({ id: canteenDishes.id }).from(canteenDishes).where(and(eq(canteenDishes.schoolId, actor.schoolId), eq(canteenDishes.name, v.name)));
  if (dupe) throw badField('name', 'canteen.meals.dishNameTaken');
  try {
    const [row] = await tx.insert(canteenDishes).values({ schoolId: actor.schoolId, ...v }).returning();
    await recordAudit(tx, actor, { entity: ENTITY.dish, entityId: row.id, action: 'create', after: audited(row) });
    return row.id;
  } catch (e) {
    if (nameTaken(e)) throw badField('name', 'canteen.meals.dishNameTaken');
    throw e;
  }
}

export async function updateDish(tx: Db, actor: Actor, clock: Clock, id: number, input: UpdateDishInput): Promise<void> {
  const [before] = await tx.select().from(canteenDishes).where(and(eq(canteenDishes.schoolId, actor.schoolId), eq(canteenDishes.id, id)));
  if (!before) throw notFound();
  const { version, ...set } = input;
  if (set.name && set.name !== before.name) {
    const [dupe] = await tx.select({ id: canteenDishes.id }).from(canteenDishes).where(and(eq(canteenDishes.schoolId, actor.schoolId), eq(canteenDishes.name, set.name)));
    if (dupe) throw badField('name', 'canteen.meals.dishNameTaken');
  }
  const [after] = await tx.update(canteenDishes).set({ ...set, version: sql`${canteenDishes.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(canteenDishes.schoolId, actor.schoolId), eq(canteenDishes.id, id), eq(canteenDishes.version, version))).returning();
  if (!after) throw stale();
  const changes = diff(audited(before), audited(after));
  if (changes) await recordAudit(tx, actor, { entity: ENTITY.dish, entityId: id, action: 'update', ...changes });
}

export async function listDishes(db: Db, schoolId: number, terms: readonly string[], q: z.infer<typeof DishListQuery>): Promise<{ items: Dish[]; nextCursor: string | null }> {
  // The banned filter is computed (the list can change in settings): read all matching dishes of the school, then filter.
  const ks = keyset({ sort: q.sort, defaultSort: 'name', sorts: { name: canteenDishes.name, category: canteenDishes.category, updatedAt: canteenDishes.updatedAt, energyKcal: canteenDishes.energyKcal, priceFen: canteenDishes.priceFen }, id: canteenDishes.id, cursor: q.cursor });
  const where = and(
    eq(canteenDishes.schoolId, schoolId),
    q.category ? eq(canteenDishes.category, q.category) : undefined,
    q.active !== undefined ? eq(canteenDishes.active, q.active) : undefined,
    q.q ? sql`(${canteenDishes.name} ILIKE ${like(q.q)} OR ${canteenDishes.ingredients}::text ILIKE ${like(q.q)})` : undefined,
    ks.where,
  );
  if (q.banned !== undefined) {
    // A school has tens to a few hundred dishes: filter in memory, no paging.
    const rows = await db.select().from(canteenDishes).where(where).orderBy(...ks.orderBy);
    return { items: rows.map((r) => dishOf(r, terms)).filter((d) => (d.banned !== null) === q.banned), nextCursor: null };
  }
  const rows = await db.select().from(canteenDishes).where(where).orderBy(...ks.orderBy).limit(q.limit);
  return { items: rows.map((r) => dishOf(r, terms)), nextCursor: ks.next(rows as unknown as Record<string, unknown>[], q.limit) };
}

export async function getDish(db: Db, schoolId: number, terms: readonly string[], id: number): Promise<Dish> {
  const [row] = await db.select().from(canteenDishes).where(and(eq(canteenDishes.schoolId, schoolId), eq(canteenDishes.id, id)));
  if (!row) throw notFound();
  return dishOf(row, terms);
}
