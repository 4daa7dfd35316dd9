import { z } from 'zod';
import { Id, ListQuery, boolQuery, HistoryEntry } from './common';
import { FileRef, FileIds } from './files';
import { isRealDate } from './schedules';
import { StaffDay } from './canteenStaff';
import { SupplyDay } from './canteenSupply';

// Canteen meals (SPEC §5.5, RULES.md "Canteen"): the dish library with ingredients and nutrition,
// banned dishes and ingredients, weekly menus and their public snapshots, food samples 留样,
// accompanied meals 陪餐 and the leaders' rota, the missing-sample / missing-陪餐 flags and the
// canteen's day board (with the staff and supply parts' days).

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isRealDate, { message: 'invalid date' });
const Hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v === undefined ? undefined : v || null));

export const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
export const Meal = z.enum(MEALS);
export type Meal = z.infer<typeof Meal>;

export const DISH_CATEGORIES = ['staple', 'meat', 'half_meat', 'vegetable', 'egg_tofu', 'soup', 'porridge', 'snack', 'fruit', 'other'] as const;
export const DishCategory = z.enum(DISH_CATEGORIES);
export type DishCategory = z.infer<typeof DishCategory>;

/** RULES.md "Banned on menus" (national): a dish whose name, category or an ingredient contains one of these is refused. */
export const BANNED_BASE = ['冷荤', '生食', '裱花蛋糕', '四季豆', '鲜黄花菜', '野生蘑菇', '发芽土豆'] as const;

/** Roles that may be recorded as the accompanying leader by default (the school can add roles and posts). */
export const DEFAULT_ACCOMPANY_ROLES = ['principal', 'vice_principal', 'director'] as const;
const LeaderRole = z.enum(['admin', 'principal', 'vice_principal', 'director', 'accountant', 'storekeeper', 'repair_worker', 'guard', 'dorm_manager', 'canteen_manager', 'head_teacher', 'teacher']);

// ── Settings (module 'canteenMeals', via /api/v1/settings/canteenMeals) ──
export const MealTime = z.object({ start: Hm, end: Hm }).refine((m) => m.end > m.start, { message: 'end before start', path: ['end'] });
export const CanteenMealsSettings = z.object({
  mealTimes: z.object({ breakfast: MealTime, lunch: MealTime, dinner: MealTime }),
  /** Meals this school serves (a day school may serve lunch only). */
  servedMeals: z.array(Meal).min(1).max(3),
  /** 留样 ≥ 125 g per dish (national): a school may raise it, never lower it. */
  sampleMinGrams: z.number().int().min(125).max(1000),
  /** Samples are kept ≥ 48 h (national): a school may raise it, never lower it. */
  sampleKeepHours: z.number().int().min(48).max(24 * 14),
  /** The sample cabinet picked by default (a location of the school, e.g. 留样间). */
  defaultCabinetLocationId: z.number().int().positive().nullable(),
  /** Roles whose holders may be recorded as the accompanying leader. */
  accompanyRoles: z.array(LeaderRole).min(1).max(12),
  /** Further posts (users' post text, e.g. 教务主任) allowed to accompany. */
  accompanyPosts: z.array(text(40).min(1)).max(50),
  /** Banned dishes or ingredients added by the province or school (RULES.md: the list is extendable). */
  bannedExtra: z.array(text(40).min(1)).max(200),
});
export type CanteenMealsSettings = z.infer<typeof CanteenMealsSettings>;
export const DEFAULT_CANTEEN_MEALS_SETTINGS: CanteenMealsSettings = {
  mealTimes: { breakfast: { start: '06:30', end: '07:30' }, lunch: { start: '11:40', end: '12:40' }, dinner: { start: '17:30', end: '18:30' } },
  servedMeals: ['breakfast', 'lunch', 'dinner'],
  sampleMinGrams: 125,
  sampleKeepHours: 48,
  defaultCabinetLocationId: null,
  accompanyRoles: [...DEFAULT_ACCOMPANY_ROLES],
  accompanyPosts: [],
  bannedExtra: [],
};

// ── Dishes ──
export const Ingredient = z.object({ name: text(40).min(1), grams: z.number().min(0).max(5000) });
export type Ingredient = z.infer<typeof Ingredient>;
const nutrition = {
  energyKcal: z.number().int().min(0).max(5000),
  proteinG: z.number().min(0).max(500),
  fatG: z.number().min(0).max(500),
  carbG: z.number().min(0).max(1000),
};
export const CreateDishInput = z.object({
  name: text(40).min(1),
  category: DishCategory,
  ingredients: z.array(Ingredient).max(30).default([]),
  ...nutrition,
  priceFen: z.number().int().min(0).max(1_000_000),
});
export type CreateDishInput = z.input<typeof CreateDishInput>;
export const UpdateDishInput = CreateDishInput.partial().extend({ active: z.boolean().optional(), version: z.number().int().positive() });
export type UpdateDishInput = z.input<typeof UpdateDishInput>;
export const Dish = z.object({
  id: z.number(), name: z.string(), category: DishCategory, ingredients: z.array(Ingredient),
  energyKcal: z.number(), proteinG: z.number(), fatG: z.number(), carbG: z.number(), priceFen: z.number(),
  active: z.boolean(),
  /** The banned dish or ingredient this dish matches (it cannot go on a menu), or null. */
  banned: z.string().nullable(),
  version: z.number(), updatedAt: z.string(),
});
export type Dish = z.infer<typeof Dish>;
export const DishListQuery = ListQuery.extend({ category: DishCategory.optional(), active: boolQuery.optional(), banned: boolQuery.optional() });

// ── Weekly menus ──
export const Nutrition = z.object({ energyKcal: z.number(), proteinG: z.number(), fatG: z.number(), carbG: z.number() });
export type Nutrition = z.infer<typeof Nutrition>;
export const MenuMealInput = z.object({
  day: Ymd,
  meal: Meal,
  dishIds: z.array(Id).min(1).max(20),
  /** Price of the meal (fen); optional. */
  priceFen: z.number().int().min(0).max(1_000_000).nullish(),
});
export const CreateMenuInput = z.object({ weekStart: Ymd, meals: z.array(MenuMealInput).max(21).default([]) });
export type CreateMenuInput = z.input<typeof CreateMenuInput>;
export const UpdateMenuInput = z.object({ meals: z.array(MenuMealInput).max(21), version: z.number().int().positive() });
export type UpdateMenuInput = z.input<typeof UpdateMenuInput>;
export const PublishMenuInput = z.object({ version: z.number().int().positive() });
export const MenuDish = z.object({ id: z.number(), name: z.string(), category: DishCategory, priceFen: z.number(), ...{ energyKcal: z.number(), proteinG: z.number(), fatG: z.number(), carbG: z.number() } });
export type MenuDish = z.infer<typeof MenuDish>;
export const MenuMeal = z.object({ day: Ymd, meal: Meal, priceFen: z.number().nullable(), dishes: z.array(MenuDish), nutrition: Nutrition });
export type MenuMeal = z.infer<typeof MenuMeal>;
export const Menu = z.object({
  id: z.number(), weekStart: z.string(), status: z.enum(['draft', 'published']), publishedAt: z.string().nullable(),
  meals: z.array(MenuMeal),
  days: z.array(z.object({ day: z.string(), nutrition: Nutrition })),
  version: z.number(), updatedAt: z.string(),
});
export type Menu = z.infer<typeof Menu>;
export const MenuDetail = Menu.extend({ history: z.array(HistoryEntry) });
export type MenuDetail = z.infer<typeof MenuDetail>;
export const MenuSummary = z.object({ id: z.number(), weekStart: z.string(), status: z.enum(['draft', 'published']), publishedAt: z.string().nullable(), mealCount: z.number(), version: z.number() });
export type MenuSummary = z.infer<typeof MenuSummary>;
export const MenuListQuery = ListQuery.extend({ status: z.enum(['draft', 'published']).optional() });
export const WeekQuery = z.object({ week: Ymd.optional(), schoolId: Id.optional() });

/** The public page: a frozen, dated snapshot with no personal data. */
export const PublicMenu = z.object({
  schoolName: z.string(),
  weekStart: z.string(),
  publishedAt: z.string(),
  meals: z.array(MenuMeal.omit({ dishes: true }).extend({ dishes: z.array(MenuDish.omit({ id: true })) })),
  weeks: z.array(z.object({ weekStart: z.string(), publishedAt: z.string() })),
});
export type PublicMenu = z.infer<typeof PublicMenu>;
export const PublicMenuParams = z.object({ code: z.string().trim().min(1).max(40) });
export const PublicMenuQuery = z.object({ week: Ymd.optional() });

// ── Food samples 留样 ──
export const CreateSampleInput = z.object({
  day: Ymd,
  meal: Meal,
  dishId: Id,
  weightGrams: z.number().int().min(1).max(5000),
  cabinetLocationId: Id.nullish(),
  cabinet: optText(60),
  photoIds: FileIds(6).default([]),
  note: optText(200),
});
export type CreateSampleInput = z.input<typeof CreateSampleInput>;
export const Sample = z.object({
  id: z.number(), day: z.string(), meal: Meal, dishId: z.number(), dishName: z.string(), weightGrams: z.number(),
  sampledAt: z.string(), samplerId: z.number().nullable(), samplerName: z.string().nullable(),
  cabinetLocationId: z.number().nullable(), cabinet: z.string().nullable(),
  /** When disposal becomes allowed (sampled at + keep hours). */
  keepUntil: z.string(),
  disposedAt: z.string().nullable(), disposedById: z.number().nullable(), disposedByName: z.string().nullable(),
  note: z.string().nullable(), photos: z.array(FileRef), version: z.number(),
});
export type Sample = z.infer<typeof Sample>;
export const SampleListQuery = ListQuery.extend({ from: Ymd.optional(), to: Ymd.optional(), meal: Meal.optional(), disposed: boolQuery.optional() });

// ── Accompanied meals 陪餐 ──
export const PERSON_KINDS = ['leader', 'parent'] as const;
const Rating = z.number().int().min(1).max(5);
export const CreateAccompaniedInput = z.object({
  day: Ymd,
  meal: Meal,
  personKind: z.enum(PERSON_KINDS),
  /** The leader (a user whose role or post is allowed); left out: the person recording. */
  leaderId: Id.nullish(),
  /** A parent: their name as text (no account). */
  parentName: optText(40),
  dishIds: z.array(Id).max(20).default([]),
  ratingQuality: Rating,
  ratingQuantity: Rating,
  ratingHygiene: Rating,
  ratingPrice: Rating,
  problems: optText(1000),
  followUp: optText(1000),
  followUpById: Id.nullish(),
});
export type CreateAccompaniedInput = z.input<typeof CreateAccompaniedInput>;
export const CloseFollowUpInput = z.object({ followUpResult: text(1000).min(1), version: z.number().int().positive() });
export const Accompanied = z.object({
  id: z.number(), day: z.string(), meal: Meal, personKind: z.enum(PERSON_KINDS),
  leaderId: z.number().nullable(), personName: z.string(), post: z.string().nullable(),
  dishes: z.array(z.object({ id: z.number(), name: z.string() })),
  ratingQuality: z.number(), ratingQuantity: z.number(), ratingHygiene: z.number(), ratingPrice: z.number(),
  problems: z.string().nullable(), followUp: z.string().nullable(),
  followUpById: z.number().nullable(), followUpByName: z.string().nullable(),
  followUpState: z.enum(['none', 'open', 'closed']),
  followUpResult: z.string().nullable(), followUpClosedAt: z.string().nullable(), followUpClosedByName: z.string().nullable(),
  recordedById: z.number().nullable(), createdAt: z.string(), version: z.number(),
});
export type Accompanied = z.infer<typeof Accompanied>;
export const AccompaniedListQuery = ListQuery.extend({
  from: Ymd.optional(), to: Ymd.optional(), meal: Meal.optional(), personKind: z.enum(PERSON_KINDS).optional(),
  followUpState: z.enum(['none', 'open', 'closed']).optional(),
});

// ── Rota of leaders per meal (schedules engine) ──
export const CreateRotaInput = z.object({ leaderId: Id, meal: Meal, weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7) });
export const UpdateRotaInput = z.object({ weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(), active: z.boolean().optional(), version: z.number().int().positive() });
export const RotaEntry = z.object({ id: z.number(), leaderId: z.number(), leaderName: z.string(), post: z.string().nullable(), meal: Meal, weekdays: z.array(z.number()), active: z.boolean(), version: z.number() });
export type RotaEntry = z.infer<typeof RotaEntry>;
export const Rota = z.object({
  items: z.array(RotaEntry),
  upcoming: z.array(z.object({ day: z.string(), meal: Meal, leaders: z.array(z.object({ leaderId: z.number(), leaderName: z.string() })), done: z.boolean() })),
});
export type Rota = z.infer<typeof Rota>;
export const Leader = z.object({ id: z.number(), name: z.string(), post: z.string().nullable() });
export const Leaders = z.object({ items: z.array(Leader) });

// ── Flags and the day board ──
export const Flag = z.object({
  day: z.string(), meal: Meal, kind: z.enum(['missingSample', 'missingAccompany']),
  dishId: z.number().nullable(), dishName: z.string().nullable(), since: z.string(),
});
export type Flag = z.infer<typeof Flag>;
export const FlagsQuery = z.object({ from: Ymd.optional(), to: Ymd.optional(), schoolId: Id.optional() });
export const Flags = z.object({ from: z.string(), to: z.string(), items: z.array(Flag) });
export const DayQuery = z.object({ date: Ymd.optional(), schoolId: Id.optional() });

export const BoardDish = z.object({
  dishId: z.number(), name: z.string(), category: DishCategory,
  sample: z.object({ id: z.number(), weightGrams: z.number(), sampledAt: z.string(), samplerName: z.string().nullable(), disposedAt: z.string().nullable() }).nullable(),
});
export const BoardMeal = z.object({
  meal: Meal, start: z.string(), end: z.string(), ended: z.boolean(),
  dishes: z.array(BoardDish),
  sampled: z.number(), missing: z.number(),
  accompanied: z.array(z.object({ id: z.number(), personKind: z.enum(PERSON_KINDS), personName: z.string(), post: z.string().nullable() })),
  rota: z.array(z.object({ leaderId: z.number(), leaderName: z.string() })),
});
export type BoardMeal = z.infer<typeof BoardMeal>;
export const MealsDay = z.object({
  date: z.string(), now: z.string(), sampleMinGrams: z.number(), defaultCabinetLocationId: z.number().nullable(),
  meals: z.array(BoardMeal), flags: z.array(Flag),
});
export type MealsDay = z.infer<typeof MealsDay>;
export const Board = MealsDay.extend({
  staff: StaffDay,
  supply: SupplyDay,
  status: z.object({ checks: z.boolean(), samples: z.boolean(), accompanied: z.boolean(), intake: z.boolean(), alerts: z.boolean() }),
  green: z.boolean(),
});
export type Board = z.infer<typeof Board>;
