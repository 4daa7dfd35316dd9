// The demo's meals (SPEC §7): a library of 40 common school dishes with nutrition and prices, published
// weekly menus from a month ago to this week (next week a draft), a sample of every served dish (disposed
// 2–3 days later), an accompanied meal for every served meal (mostly the principal, vice principal and
// director, a few parents; a few problems, two follow-ups still open), and a rota of leaders.
// The boarding school (青山镇初级中学) serves three meals Monday–Thursday, breakfast and lunch on Friday
// (boarders go home), nothing on Saturday and dinner on Sunday (boarders return); the day school serves
// lunch on school days. Today is under way: meals already over are done; the last served meal of today
// has half its dishes sampled and no accompanied meal yet (the e2e completes it).
// Deterministic (its own generator), a few bulk inserts per school.
import { sql } from 'drizzle-orm';
import { seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf } from '../../platform/db';
import { addDays, localDate, upsertSchedule, zonedTime } from '../../platform/schedules';
import { updateSettings } from '../../platform/settings';
import { DEFAULT_CANTEEN_MEALS_SETTINGS, MEALS, type DishCategory, type Meal } from '../../../contracts/canteenMeals';
import { canteenAccompanied, canteenDishes, canteenMenuMeals, canteenMenus, canteenMenuSnapshots, canteenRota, canteenSamples } from './meals.tables';
import { mealsSettingsDef } from './meals.settings';
import { sumNutrition } from './meals.menus';
import { ROTA_OWNER, isoWeekday } from './meals.common';

const TZ = 'Asia/Shanghai';

type D = [name: string, category: DishCategory, ingredients: [string, number][], kcal: number, protein: number, fat: number, carb: number, priceFen: number, slot: 'bstaple' | 'porridge' | 'egg' | 'side' | 'staple' | 'meat' | 'half' | 'veg' | 'soup' | 'fruit'];
const DISHES: D[] = [
  ['馒头', 'staple', [['面粉', 100]], 233, 7.0, 1.1, 47.0, 50, 'bstaple'],
  ['肉包子', 'staple', [['面粉', 80], ['猪肉', 30], ['白菜', 20]], 250, 9.5, 8.0, 36.0, 100, 'bstaple'],
  ['花卷', 'staple', [['面粉', 90], ['葱', 5]], 215, 6.4, 2.5, 42.0, 50, 'bstaple'],
  ['鸡蛋饼', 'staple', [['面粉', 70], ['鸡蛋', 30]], 240, 9.0, 7.0, 35.0, 100, 'bstaple'],
  ['豆沙包', 'staple', [['面粉', 80], ['红豆沙', 30]], 260, 7.0, 2.0, 54.0, 80, 'bstaple'],
  ['小米粥', 'porridge', [['小米', 25]], 92, 2.3, 0.8, 18.5, 30, 'porridge'],
  ['大米粥', 'porridge', [['大米', 25]], 88, 1.8, 0.2, 19.5, 30, 'porridge'],
  ['玉米粥', 'porridge', [['玉米碴', 25]], 90, 2.1, 0.9, 18.8, 30, 'porridge'],
  ['牛奶', 'other', [['纯牛奶', 200]], 130, 6.0, 7.2, 10.0, 150, 'porridge'],
  ['煮鸡蛋', 'egg_tofu', [['鸡蛋', 55]], 78, 6.8, 5.3, 0.6, 80, 'egg'],
  ['茶叶蛋', 'egg_tofu', [['鸡蛋', 55], ['茶叶', 1]], 80, 6.8, 5.4, 0.8, 80, 'egg'],
  ['凉拌黄瓜', 'vegetable', [['黄瓜', 100], ['蒜', 3]], 35, 0.8, 2.0, 3.5, 50, 'side'],
  ['酱萝卜丁', 'vegetable', [['白萝卜', 60]], 30, 0.6, 0.3, 6.0, 30, 'side'],
  ['炒土豆丝', 'vegetable', [['土豆', 120], ['青椒', 10]], 140, 2.5, 5.5, 21.0, 100, 'side'],
  ['米饭', 'staple', [['大米', 150]], 174, 3.9, 0.5, 38.9, 50, 'staple'],
  ['二米饭', 'staple', [['大米', 110], ['小米', 40]], 180, 4.3, 0.9, 39.0, 60, 'staple'],
  ['红烧肉', 'meat', [['五花肉', 80], ['酱油', 5], ['冰糖', 3]], 380, 9.0, 35.0, 6.0, 500, 'meat'],
  ['宫保鸡丁', 'meat', [['鸡胸肉', 80], ['花生', 15], ['黄瓜', 30]], 260, 20.0, 16.0, 9.0, 450, 'meat'],
  ['红烧鸡腿', 'meat', [['鸡腿', 120], ['酱油', 5]], 280, 22.0, 19.0, 5.0, 500, 'meat'],
  ['糖醋里脊', 'meat', [['猪里脊', 80], ['淀粉', 15], ['番茄酱', 10]], 300, 16.0, 15.0, 24.0, 500, 'meat'],
  ['清蒸鱼块', 'meat', [['草鱼', 120], ['姜', 3]], 160, 20.0, 7.0, 2.0, 500, 'meat'],
  ['土豆烧牛肉', 'meat', [['牛肉', 70], ['土豆', 80]], 280, 18.0, 13.0, 20.0, 600, 'meat'],
  ['鱼香肉丝', 'half_meat', [['猪肉', 50], ['木耳', 20], ['胡萝卜', 30], ['青椒', 20]], 230, 11.0, 15.0, 12.0, 350, 'half'],
  ['青椒肉丝', 'half_meat', [['猪肉', 50], ['青椒', 80]], 210, 11.0, 14.0, 8.0, 300, 'half'],
  ['番茄炒蛋', 'egg_tofu', [['番茄', 100], ['鸡蛋', 60]], 190, 9.0, 13.0, 8.0, 250, 'half'],
  ['麻婆豆腐', 'egg_tofu', [['豆腐', 150], ['猪肉末', 20]], 220, 13.0, 15.0, 7.0, 250, 'half'],
  ['肉末茄子', 'half_meat', [['茄子', 150], ['猪肉末', 25]], 210, 6.0, 16.0, 12.0, 300, 'half'],
  ['西葫芦炒肉片', 'half_meat', [['西葫芦', 120], ['猪肉', 40]], 180, 9.0, 12.0, 8.0, 300, 'half'],
  ['蒜蓉西兰花', 'vegetable', [['西兰花', 150], ['蒜', 5]], 80, 4.5, 4.0, 7.0, 200, 'veg'],
  ['清炒小白菜', 'vegetable', [['小白菜', 150]], 60, 2.3, 4.0, 4.0, 150, 'veg'],
  ['醋溜白菜', 'vegetable', [['大白菜', 150]], 70, 2.0, 4.0, 6.0, 150, 'veg'],
  ['手撕包菜', 'vegetable', [['卷心菜', 150]], 75, 2.0, 4.5, 7.0, 150, 'veg'],
  ['炒豆芽', 'vegetable', [['绿豆芽', 150]], 70, 3.0, 4.0, 5.0, 150, 'veg'],
  ['冬瓜虾皮', 'vegetable', [['冬瓜', 150], ['虾皮', 5]], 60, 3.0, 3.0, 5.0, 150, 'veg'],
  ['紫菜蛋花汤', 'soup', [['紫菜', 3], ['鸡蛋', 20]], 40, 3.0, 2.0, 1.5, 0, 'soup'],
  ['番茄鸡蛋汤', 'soup', [['番茄', 50], ['鸡蛋', 20]], 45, 3.0, 2.5, 3.0, 0, 'soup'],
  ['冬瓜排骨汤', 'soup', [['冬瓜', 80], ['排骨', 30]], 90, 6.0, 6.0, 3.0, 0, 'soup'],
  ['白菜豆腐汤', 'soup', [['大白菜', 60], ['豆腐', 40]], 50, 4.0, 2.5, 3.0, 0, 'soup'],
  ['苹果', 'fruit', [['苹果', 150]], 78, 0.3, 0.3, 20.0, 100, 'fruit'],
  ['香蕉', 'fruit', [['香蕉', 120]], 110, 1.3, 0.2, 26.0, 100, 'fruit'],
];

const PARENTS = ['李女士（七年级家长）', '张先生（八年级家长）', '王女士（九年级家长）', '赵先生（家委会）'];
const PROBLEMS: [string, string | null][] = [
  ['米饭偏硬', '调整蒸饭加水量'], ['菜品偏咸', '要求厨师减盐'], ['打饭窗口排队较长', '高峰期增开一个窗口'],
  ['汤温度偏低', null], ['餐桌擦拭不及时', '增加保洁巡查'],
];

/** Meals served on a day: the boarding school Mon–Thu all, Fri breakfast+lunch, Sun dinner; the day school lunch Mon–Fri. */
function servedOn(s: DemoSchool, day: string): Meal[] {
  const w = isoWeekday(day);
  if (!s.boarding) return w <= 5 ? ['lunch'] : [];
  if (w <= 4) return ['breakfast', 'lunch', 'dinner'];
  if (w === 5) return ['breakfast', 'lunch'];
  if (w === 7) return ['dinner'];
  return [];
}

export async function seedMealsDemo(ctx: DemoContext): Promise<void> {
  for (const s of ctx.schools) await seedSchool(ctx, s);
}

async function seedSchool(ctx: DemoContext, s: DemoSchool) {
  const { tx } = ctx;
  const random = seededRandom(s.key === 's1' ? 6101 : 6202);
  const now = ctx.today;
  const today = localDate(now, TZ);
  const people = await rowsOf<{ id: number; username: string }>(tx, sql`SELECT id, username FROM users WHERE school_id = ${s.id}
    AND username IN (${sql.join(['principal', 'vice', 'director', 'canteen1'].map((u) => sql`${s.prefix + u}`), sql`, `)})`);
  const who = Object.fromEntries(people.map((p) => [p.username.slice(s.prefix.length), Number(p.id)]));
  if (!who.canteen1 || !who.principal) return;
  const [cabinet] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM locations WHERE school_id = ${s.id} AND code = 'ST-1-LY' LIMIT 1`);
  const actor = { schoolId: s.id, userId: null, name: 'system', ip: null };
  const settings = { ...DEFAULT_CANTEEN_MEALS_SETTINGS, servedMeals: s.boarding ? [...MEALS] : ['lunch' as const], defaultCabinetLocationId: cabinet ? Number(cabinet.id) : null };
  await updateSettings(tx, actor, mealsSettingsDef, { servedMeals: settings.servedMeals, defaultCabinetLocationId: settings.defaultCabinetLocationId });

  // ── Dishes ──
  const dishRows = await tx.insert(canteenDishes).values(DISHES.map(([name, category, ing, energyKcal, proteinG, fatG, carbG, priceFen]) => ({
    schoolId: s.id, name, category, ingredients: ing.map(([n, g]) => ({ name: n, grams: g })), energyKcal, proteinG, fatG, carbG, priceFen,
  }))).returning();
  const bySlot = (slot: D[8]) => DISHES.map((d, i) => [d, dishRows[i]] as const).filter(([d]) => d[8] === slot).map(([, r]) => r);
  const slots = { bstaple: bySlot('bstaple'), porridge: bySlot('porridge'), egg: bySlot('egg'), side: bySlot('side'), staple: bySlot('staple'), meat: bySlot('meat'), half: bySlot('half'), veg: bySlot('veg'), soup: bySlot('soup'), fruit: bySlot('fruit') };
  const nth = <T>(xs: T[], n: number) => xs[((n % xs.length) + xs.length) % xs.length];
  const dishesFor = (meal: Meal, n: number) => {
    if (meal === 'breakfast') return [nth(slots.bstaple, n), nth(slots.porridge, n + 1), nth(slots.egg, n), nth(slots.side, n + 2)];
    if (meal === 'lunch') return [nth(slots.staple, n), nth(slots.meat, n), nth(slots.half, n + 1), nth(slots.veg, n), nth(slots.soup, n)];
    return [nth(slots.staple, n + 1), nth(slots.half, n + 3), nth(slots.veg, n + 2), nth(slots.soup, n + 1)];
  };

  // ── Menus: from the week holding today − 30 days to next week ──
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const firstMonday = addDays(addDays(today, -30), 1 - isoWeekday(addDays(today, -30)));
  const weeks: string[] = [];
  for (let w = firstMonday; w <= addDays(thisMonday, 7); w = addDays(w, 7)) weeks.push(w);
  const menuRows = await tx.insert(canteenMenus).values(weeks.map((w) => {
    const published = w <= thisMonday;
    const publishedAt = zonedTime(addDays(w, -3), '16:00', TZ);
    return { schoolId: s.id, weekStart: w, status: published ? 'published' as const : 'draft' as const, publishedAt: published ? publishedAt : null, publishedBy: published ? who.canteen1 : null, createdBy: who.canteen1, createdAt: zonedTime(addDays(w, -4), '10:00', TZ), updatedAt: published ? publishedAt : zonedTime(addDays(w, -4), '10:00', TZ) };
  })).returning();
  const mealRows: (typeof canteenMenuMeals.$inferInsert)[] = [];
  const priceOf = (meal: Meal) => (meal === 'breakfast' ? 300 : meal === 'lunch' ? 600 : 500);
  let n = 0;
  for (const menu of menuRows) {
    for (let i = 0; i < 7; i++) {
      const day = addDays(menu.weekStart, i);
      for (const meal of servedOn(s, day)) {
        mealRows.push({ schoolId: s.id, menuId: menu.id, day, meal, dishIds: dishesFor(meal, n++).map((d) => d.id), priceFen: priceOf(meal), published: menu.status === 'published' });
      }
    }
  }
  await tx.insert(canteenMenuMeals).values(mealRows);
  const dishById = new Map(dishRows.map((d) => [d.id, d]));
  await tx.insert(canteenMenuSnapshots).values(menuRows.filter((m) => m.status === 'published').map((m) => ({
    schoolId: s.id, menuId: m.id, weekStart: m.weekStart, publishedAt: m.publishedAt!,
    content: { meals: mealRows.filter((r) => r.menuId === m.id).map((r) => {
      const ds = r.dishIds.map((id) => dishById.get(id)!).map((d) => ({ name: d.name, category: d.category as DishCategory, priceFen: d.priceFen, energyKcal: d.energyKcal, proteinG: d.proteinG, fatG: d.fatG, carbG: d.carbG }));
      return { day: r.day, meal: r.meal, priceFen: r.priceFen ?? null, dishes: ds, nutrition: sumNutrition(ds) };
    }) },
  })));

  // ── Samples and accompanied meals: every served meal from a month ago that is over; today's last meal half done ──
  const startDay = addDays(today, -30);
  const past = mealRows.filter((r) => r.published && r.day >= startDay && r.day <= today);
  const todays = past.filter((r) => r.day === today);
  const lastToday = todays.length ? todays[todays.length - 1] : null;
  const samples: (typeof canteenSamples.$inferInsert)[] = [];
  const accompanied: (typeof canteenAccompanied.$inferInsert)[] = [];
  const leaders = [who.principal, who.vice, who.director].filter(Boolean);
  let k = 0;
  for (const r of past) {
    const times = settings.mealTimes[r.meal];
    const end = zonedTime(r.day, times.end, TZ);
    const partial = r === lastToday;
    if (!partial && end > now) continue;
    const base = zonedTime(r.day, times.start, TZ).getTime() - 30 * 60_000;
    r.dishIds.forEach((dishId, i) => {
      if (partial && i >= Math.ceil(r.dishIds.length / 2)) return;
      const sampledAt = new Date(Math.min(base + i * 2 * 60_000, now.getTime() - 60_000));
      const keepUntil = new Date(sampledAt.getTime() + 48 * 3600_000);
      const disposeAt = new Date(keepUntil.getTime() + (2 + Math.floor(random() * 20)) * 3600_000);
      const disposed = disposeAt <= now;
      samples.push({
        schoolId: s.id, day: r.day, meal: r.meal, dishId, dishName: dishById.get(dishId)!.name, weightGrams: 125 + Math.floor(random() * 60),
        sampledAt, samplerId: who.canteen1, cabinetLocationId: settings.defaultCabinetLocationId, cabinet: settings.defaultCabinetLocationId ? null : '留样冰箱',
        keepUntil, disposedAt: disposed ? disposeAt : null, disposedBy: disposed ? who.canteen1 : null, createdAt: sampledAt, updatedAt: disposed ? disposeAt : sampledAt, version: disposed ? 2 : 1,
      });
    });
    if (partial) continue;
    const parent = k % 11 === 5;
    const problem = k % 9 === 4 ? PROBLEMS[(k / 9 | 0) % PROBLEMS.length] : null;
    const leaderId = leaders[k % leaders.length];
    const at = new Date(Math.min(end.getTime() - 10 * 60_000, now.getTime() - 60_000));
    const open = problem && problem[1] && r.day >= addDays(today, -7);
    accompanied.push({
      schoolId: s.id, day: r.day, meal: r.meal, personKind: parent ? 'parent' : 'leader', leaderId: parent ? null : leaderId,
      parentName: parent ? PARENTS[k % PARENTS.length] : null, post: parent ? null : leaderId === who.principal ? '校长' : leaderId === who.vice ? '分管后勤副校长' : '总务主任',
      dishIds: r.dishIds, ratingQuality: 4 + (random() < 0.6 ? 1 : 0), ratingQuantity: 4 + (random() < 0.5 ? 1 : 0), ratingHygiene: problem ? 3 : 5, ratingPrice: 4 + (random() < 0.4 ? 1 : 0),
      problems: problem ? problem[0] : null, followUp: problem?.[1] ?? null, followUpBy: problem?.[1] ? who.canteen1 : null,
      followUpResult: problem?.[1] && !open ? '已整改' : null, followUpClosedAt: problem?.[1] && !open ? new Date(at.getTime() + 24 * 3600_000) : null,
      followUpClosedBy: problem?.[1] && !open ? (who.director ?? who.principal) : null,
      recordedBy: parent ? who.canteen1 : leaderId, createdAt: at, updatedAt: at,
    });
    k++;
  }
  for (let i = 0; i < samples.length; i += 500) await tx.insert(canteenSamples).values(samples.slice(i, i + 500));
  if (accompanied.length) await tx.insert(canteenAccompanied).values(accompanied);

  // ── Rota: the boarding school's leaders share the meals; the day school's lunch ──
  const rota: { leaderId: number; meal: Meal; weekdays: number[] }[] = s.boarding
    ? [
      { leaderId: who.director, meal: 'breakfast', weekdays: [1, 2, 3, 4, 5] },
      { leaderId: who.principal, meal: 'lunch', weekdays: [1, 3, 5] },
      { leaderId: who.vice, meal: 'lunch', weekdays: [2, 4] },
      { leaderId: who.vice, meal: 'dinner', weekdays: [1, 3, 7] },
      { leaderId: who.principal, meal: 'dinner', weekdays: [2, 4] },
    ]
    : [{ leaderId: who.principal, meal: 'lunch', weekdays: [1, 3, 5] }, { leaderId: who.vice, meal: 'lunch', weekdays: [2, 4] }];
  const rotaRows = await tx.insert(canteenRota).values(rota.filter((r) => r.leaderId).map((r) => ({ schoolId: s.id, ...r }))).returning();
  for (const r of rotaRows) {
    await upsertSchedule(tx, { schoolId: s.id, owner: ROTA_OWNER, ownerId: r.id, rule: { freq: 'weekly', weekdays: r.weekdays, time: '05:00', startsOn: today }, active: true });
  }
}
