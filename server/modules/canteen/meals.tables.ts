import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, date, timestamp, jsonb, doublePrecision, smallint, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

/*
 * Canteen meals (RULES.md "Canteen"): dishes, weekly menus (one row per day and meal with its dishes),
 * the public menu's frozen snapshots, food samples 留样, accompanied meals 陪餐 and the leaders' rota.
 * Locations (the sample cabinet) are org's: kept as ids, validated through org's refs.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** The dish library: ingredients (name, grams per serving), approximate nutrition and price per serving. */
export const canteenDishes = pgTable('canteen_dishes', {
  ...schoolColumns(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  ingredients: jsonb('ingredients').$type<{ name: string; grams: number }[]>().notNull().default([]),
  energyKcal: integer('energy_kcal').notNull().default(0),
  proteinG: doublePrecision('protein_g').notNull().default(0),
  fatG: doublePrecision('fat_g').notNull().default(0),
  carbG: doublePrecision('carb_g').notNull().default(0),
  priceFen: integer('price_fen').notNull().default(0),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_dishes_school_name_uq').on(t.schoolId, t.name),
  index('canteen_dishes_school_category_idx').on(t.schoolId, t.category, t.name, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/** A week's menu (Monday), draft or published; the published menu is the served menu. */
export const canteenMenus = pgTable('canteen_menus', {
  ...schoolColumns(),
  weekStart: date('week_start', { mode: 'string' }).notNull(),
  status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
  publishedAt: ts('published_at'),
  publishedBy: integer('published_by'),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_menus_school_week_uq').on(t.schoolId, t.weekStart),
  index('canteen_menus_school_status_idx').on(t.schoolId, t.status, t.weekStart, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.publishedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** One meal of a menu's day: its dishes (in order) and price. `published` mirrors the menu's status (the board reads one table). */
export const canteenMenuMeals = pgTable('canteen_menu_meals', {
  ...schoolColumns(),
  menuId: integer('menu_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  meal: text('meal', { enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
  dishIds: integer('dish_ids').array().notNull(),
  priceFen: integer('price_fen'),
  published: boolean('published').notNull().default(false),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_menu_meals_school_day_meal_uq').on(t.schoolId, t.day, t.meal),
  index('canteen_menu_meals_school_menu_idx').on(t.schoolId, t.menuId),
  foreignKey({ columns: [t.schoolId, t.menuId], foreignColumns: [canteenMenus.schoolId, canteenMenus.id] }).onDelete('cascade'),
]);

/** The public page's frozen, dated snapshots of published weeks (no personal data: names of dishes, nutrition, prices). */
export const canteenMenuSnapshots = pgTable('canteen_menu_snapshots', {
  ...schoolColumns(),
  menuId: integer('menu_id').notNull(),
  weekStart: date('week_start', { mode: 'string' }).notNull(),
  publishedAt: ts('published_at').notNull(),
  content: jsonb('content').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_menu_snapshots_school_published_idx').on(t.schoolId, t.publishedAt, t.id),
  index('canteen_menu_snapshots_school_week_idx').on(t.schoolId, t.weekStart, t.publishedAt),
  foreignKey({ columns: [t.schoolId, t.menuId], foreignColumns: [canteenMenus.schoolId, canteenMenus.id] }),
]);

/** 留样: one sample per dish, meal and day; kept ≥ 48 h; disposal recorded. */
export const canteenSamples = pgTable('canteen_samples', {
  ...schoolColumns(),
  day: date('day', { mode: 'string' }).notNull(),
  meal: text('meal', { enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
  dishId: integer('dish_id').notNull(),
  dishName: text('dish_name').notNull(),
  weightGrams: integer('weight_grams').notNull(),
  sampledAt: ts('sampled_at').notNull(),
  samplerId: integer('sampler_id'),
  cabinetLocationId: integer('cabinet_location_id'),
  cabinet: text('cabinet'),
  keepUntil: ts('keep_until').notNull(),
  disposedAt: ts('disposed_at'),
  disposedBy: integer('disposed_by'),
  note: text('note'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_samples_school_day_meal_dish_uq').on(t.schoolId, t.day, t.meal, t.dishId),
  index('canteen_samples_school_sampled_idx').on(t.schoolId, t.sampledAt, t.id),
  index('canteen_samples_school_meal_idx').on(t.schoolId, t.meal, t.sampledAt, t.id),
  index('canteen_samples_school_kept_idx').on(t.schoolId, t.sampledAt, t.id).where(sql`disposed_at IS NULL`),
  foreignKey({ columns: [t.schoolId, t.dishId], foreignColumns: [canteenDishes.schoolId, canteenDishes.id] }),
  foreignKey({ columns: [t.schoolId, t.samplerId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.disposedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** 陪餐: a leader (user) or a parent (name only) ate the meal; ratings, problems, follow-up. */
export const canteenAccompanied = pgTable('canteen_accompanied_meals', {
  ...schoolColumns(),
  day: date('day', { mode: 'string' }).notNull(),
  meal: text('meal', { enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
  personKind: text('person_kind', { enum: ['leader', 'parent'] }).notNull(),
  leaderId: integer('leader_id'),
  parentName: text('parent_name'),
  /** The leader's post or role at the time (e.g. 校长). */
  post: text('post'),
  dishIds: integer('dish_ids').array().notNull().default(sql`'{}'::int[]`),
  ratingQuality: smallint('rating_quality').notNull(),
  ratingQuantity: smallint('rating_quantity').notNull(),
  ratingHygiene: smallint('rating_hygiene').notNull(),
  ratingPrice: smallint('rating_price').notNull(),
  problems: text('problems'),
  followUp: text('follow_up'),
  followUpBy: integer('follow_up_by'),
  followUpResult: text('follow_up_result'),
  followUpClosedAt: ts('follow_up_closed_at'),
  followUpClosedBy: integer('follow_up_closed_by'),
  recordedBy: integer('recorded_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_accompanied_school_day_idx').on(t.schoolId, t.day, t.meal, t.id),
  index('canteen_accompanied_school_kind_idx').on(t.schoolId, t.personKind, t.day, t.id),
  index('canteen_accompanied_school_open_idx').on(t.schoolId, t.day, t.id).where(sql`follow_up IS NOT NULL AND follow_up_closed_at IS NULL`),
  uniqueIndex('canteen_accompanied_school_leader_uq').on(t.schoolId, t.day, t.meal, t.leaderId).where(sql`leader_id IS NOT NULL`),
  uniqueIndex('canteen_accompanied_school_parent_uq').on(t.schoolId, t.day, t.meal, t.parentName).where(sql`parent_name IS NOT NULL`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.leaderId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.followUpBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.followUpClosedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.recordedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** The leaders' 陪餐 rota: a leader on a meal on some weekdays; each row keeps a weekly schedule (owner 'canteen.rota'). */
export const canteenRota = pgTable('canteen_rota', {
  ...schoolColumns(),
  leaderId: integer('leader_id').notNull(),
  meal: text('meal', { enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
  weekdays: integer('weekdays').array().notNull(),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_rota_school_leader_meal_uq').on(t.schoolId, t.leaderId, t.meal),
  foreignKey({ columns: [t.schoolId, t.leaderId], foreignColumns: [users.schoolId, users.id] }),
]);
