import { sql } from 'drizzle-orm';
import type { Board, BoardMeal, CanteenMealsSettings, Flag, Meal, MealsDay } from '../../../contracts/canteenMeals';
import { MEALS } from '../../../contracts/canteenMeals';
import { rowsOf, type Db } from '../../platform/db';
import { addDays, localDate, zonedTime } from '../../platform/schedules';
import { isoOrNull, isoWeekday, iso, schoolZone, strOrNull, badField, type Raw } from './meals.common';
import { mealsSettingsOf } from './meals.settings';
import { staffDay } from './staff.board';
import { supplyDay } from './supply.board';

/*
 * The canteen's day: each meal on the published menu with its dishes and their samples, the accompanied
 * meals, the rota's leaders, and the flags — a served dish without a sample, a served meal without an
 * accompanied-meal record — once the meal's end time has passed (by the clock). Flags are computed from
 * menus, samples and accompanied meals (no table). The board adds the staff and supply parts' days and
 * `green`. A few indexed queries, run in parallel.
 */

const endOf = (settings: CanteenMealsSettings, day: string, meal: Meal, tz: string) => zonedTime(day, settings.mealTimes[meal].end, tz);

export async function mealsDay(db: Db, schoolId: number, date: string, now: Date, pre?: { settings: CanteenMealsSettings; tz: string }): Promise<MealsDay> {
  const [settings, tz] = pre ? [pre.settings, pre.tz] : await Promise.all([mealsSettingsOf(db, schoolId), schoolZone(db, schoolId)]);
  const weekday = isoWeekday(date);
  const [dishes, accompanied, rota] = await Promise.all([
    rowsOf<Raw>(db, sql`SELECT mm.meal, o.ord, d.id AS dish_id, d.name, d.category,
        s.id AS sample_id, s.weight_grams, s.sampled_at, s.disposed_at, u.name AS sampler_name
      FROM canteen_menu_meals mm
      CROSS JOIN LATERAL unnest(mm.dish_ids) WITH ORDINALITY AS o(dish_id, ord)
      JOIN canteen_dishes d ON d.school_id = mm.school_id AND d.id = o.dish_id
      LEFT JOIN canteen_samples s ON s.school_id = mm.school_id AND s.day = mm.day AND s.meal = mm.meal AND s.dish_id = o.dish_id
      LEFT JOIN users u ON u.school_id = s.school_id AND u.id = s.sampler_id
      WHERE mm.school_id = ${schoolId} AND mm.day = ${date} AND mm.published
      ORDER BY mm.meal, o.ord`),
    rowsOf<Raw>(db, sql`SELECT a.id, a.meal, a.person_kind, a.parent_name, a.post, u.name AS leader_name
      FROM canteen_accompanied_meals a LEFT JOIN users u ON u.school_id = a.school_id AND u.id = a.leader_id
      WHERE a.school_id = ${schoolId} AND a.day = ${date} ORDER BY a.id`),
    rowsOf<Raw>(db, sql`SELECT r.meal, r.leader_id, u.name AS leader_name FROM canteen_rota r JOIN users u ON u.school_id = r.school_id AND u.id = r.leader_id
      WHERE r.school_id = ${schoolId} AND r.active AND ${weekday}::int = ANY(r.weekdays) ORDER BY u.name`),
  ]);
  const meals: BoardMeal[] = [];
  const flags: Flag[] = [];
  for (const meal of MEALS) {
    const ds = dishes.filter((d) => d.meal === meal);
    if (!ds.length) continue;
    const end = endOf(settings, date, meal, tz);
    const ended = end <= now;
    const acc = accompanied.filter((a) => a.meal === meal).map((a) => ({
      id: Number(a.id), personKind: a.person_kind as 'leader' | 'parent', personName: String(a.leader_name ?? a.parent_name ?? ''), post: strOrNull(a.post),
    }));
    const boardDishes = ds.map((d) => ({
      dishId: Number(d.dish_id), name: String(d.name), category: d.category as BoardMeal['dishes'][number]['category'],
      sample: d.sample_id == null ? null : { id: Number(d.sample_id), weightGrams: Number(d.weight_grams), sampledAt: iso(d.sampled_at), samplerName: strOrNull(d.sampler_name), disposedAt: isoOrNull(d.disposed_at) },
    }));
    const sampled = boardDishes.filter((d) => d.sample).length;
    meals.push({
      meal, start: settings.mealTimes[meal].start, end: settings.mealTimes[meal].end, ended, dishes: boardDishes, sampled, missing: boardDishes.length - sampled,
      accompanied: acc, rota: rota.filter((r) => r.meal === meal).map((r) => ({ leaderId: Number(r.leader_id), leaderName: String(r.leader_name) })),
    });
    if (ended) {
      for (const d of boardDishes) if (!d.sample) flags.push({ day: date, meal, kind: 'missingSample', dishId: d.dishId, dishName: d.name, since: end.toISOString() });
      if (!acc.length) flags.push({ day: date, meal, kind: 'missingAccompany', dishId: null, dishName: null, since: end.toISOString() });
    }
  }
  return { date, now: now.toISOString(), sampleMinGrams: settings.sampleMinGrams, defaultCabinetLocationId: settings.defaultCabinetLocationId, meals, flags };
}

export const MAX_FLAG_DAYS = 92;

/** Flags between two days (default: the last 7 days up to today): two set-based queries over the range. */
export async function flagsBetween(db: Db, schoolId: number, now: Date, from?: string, to?: string): Promise<{ from: string; to: string; items: Flag[] }> {
  const [settings, tz] = await Promise.all([mealsSettingsOf(db, schoolId), schoolZone(db, schoolId)]);
  const today = localDate(now, tz);
  const last = to && to < today ? to : today;
  const first = from ?? addDays(last, -6);
  if (first > last) throw badField('from', 'canteen.meals.badRange');
  if (addDays(first, MAX_FLAG_DAYS) < last) throw badField('from', 'canteen.meals.rangeTooLong', { days: MAX_FLAG_DAYS });
  const [samples, accompany] = await Promise.all([
    rowsOf<Raw>(db, sql`SELECT mm.day::text AS day, mm.meal, o.dish_id, d.name
      FROM canteen_menu_meals mm
      CROSS JOIN LATERAL unnest(mm.dish_ids) WITH ORDINALITY AS o(dish_id, ord)
      JOIN canteen_dishes d ON d.school_id = mm.school_id AND d.id = o.dish_id
      WHERE mm.school_id = ${schoolId} AND mm.day BETWEEN ${first} AND ${last} AND mm.published
        AND NOT EXISTS (SELECT 1 FROM canteen_samples s WHERE s.school_id = mm.school_id AND s.day = mm.day AND s.meal = mm.meal AND s.dish_id = o.dish_id)
      ORDER BY mm.day, mm.meal, o.ord`),
    rowsOf<Raw>(db, sql`SELECT mm.day::text AS day, mm.meal FROM canteen_menu_meals mm
      WHERE mm.school_id = ${schoolId} AND mm.day BETWEEN ${first} AND ${last} AND mm.published
        AND NOT EXISTS (SELECT 1 FROM canteen_accompanied_meals a WHERE a.school_id = mm.school_id AND a.day = mm.day AND a.meal = mm.meal)`),
  ]);
  const items: Flag[] = [];
  for (const s of samples) {
    const end = endOf(settings, String(s.day), s.meal as Meal, tz);
    if (end <= now) items.push({ day: String(s.day), meal: s.meal as Meal, kind: 'missingSample', dishId: Number(s.dish_id), dishName: String(s.name), since: end.toISOString() });
  }
  for (const a of accompany) {
    const end = endOf(settings, String(a.day), a.meal as Meal, tz);
    if (end <= now) items.push({ day: String(a.day), meal: a.meal as Meal, kind: 'missingAccompany', dishId: null, dishName: null, since: end.toISOString() });
  }
  items.sort((a, b) => b.day.localeCompare(a.day) || MEALS.indexOf(a.meal) - MEALS.indexOf(b.meal) || a.kind.localeCompare(b.kind));
  return { from: first, to: last, items };
}

/**
 * The canteen's day board: the meals part's day, the staff part's and the supply part's, in parallel.
 * `green`: morning checks done (when the day is a service day), the daily self-check done, no service stop,
 * every served dish sampled, every served meal accompanied, no flags. Failed checks are handled by the
 * staff part (the person is off food posts); expired certificates and licences are alerts, not blockers.
 */
export async function canteenBoard(db: Db, schoolId: number, date: string | undefined, now: Date): Promise<Board> {
  const [settings, tz] = await Promise.all([mealsSettingsOf(db, schoolId), schoolZone(db, schoolId)]);
  const day = date ?? localDate(now, tz);
  const [meals, staff, supply] = await Promise.all([
    mealsDay(db, schoolId, day, now, { settings, tz }),
    staffDay(db, schoolId, day, now),
    supplyDay(db, schoolId, day, now),
  ]);
  const checks = staff.selfCheck.stop === null && (!staff.serviceDay || (staff.missing.length === 0 && staff.selfCheck.dailyDone));
  const samples = meals.meals.every((m) => m.missing === 0);
  const accompanied = meals.meals.every((m) => m.accompanied.length > 0);
  const alerts = staff.certificates.expired.length === 0 && supply.licences.expired.length === 0 && staff.selfCheck.stop === null;
  const status = { checks, samples, accompanied, intake: true, alerts };
  return { ...meals, staff, supply, status, green: checks && samples && accompanied && meals.flags.length === 0 };
}
