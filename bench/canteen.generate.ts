import type { GenerateContext, GenerateStep } from './generate';
import { seededRandom } from '../server/platform/demo';
import { seedHashOf } from '../server/platform/inspections';
import { addDays, localDate } from '../server/platform/schedules';
import { CANTEEN_TEMPLATES } from '../server/modules/canteen/staff.templates';
import { retainUntilOf } from '../server/modules/canteen/supply.intakes';
import { amountOf } from '../server/modules/canteen/supply.common';
import { sumNutrition } from '../server/modules/canteen/meals.menus';

/*
 * The canteen (issue #6 "Speed": the day's board of a school with a year of records, p99 ≤ 100 ms at
 * 50 connections; the month's cost account ≤ 2 s). Per school, the 365 days before the generation
 * date, shaped like the demo's boarding junior school: terms with a winter and a summer break and the
 * National Day week off; three meals Monday–Thursday, breakfast and lunch on Friday, the boarders'
 * dinner on Sunday. Per school and year (~250 service days): 7 canteen staff with health certificates
 * (renewed once), a morning check per person and service day, the daily self-check on the inspection
 * engine (weekly on Mondays, monthly once), 7 suppliers with licences, ~5 intakes a day (fresh food to
 * the kitchen, a weekly staples delivery to the store), the store used FIFO every day, meal counts of
 * every served meal, a 40-dish library, a published weekly menu (and its public snapshot) for every
 * week, a sample of every served dish (disposed 2–3 days later) and an accompanied meal for every
 * served meal, the leaders' rota. Rows are made here (seeded, deterministic for a generation date) and
 * written through ctx.add in batches: ~15,000 rows a school.
 * Not generated: 索证索票 photos (files), roster day assignments, service stops, alerts, schedules.
 */

const TZ_OFFSET = '+08:00'; // Asia/Shanghai, the bench schools' zone (no DST)
const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
type Meal = (typeof MEALS)[number];
type Row = Record<string, unknown>;

/** A wall-clock time of a school day as an instant. */
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00${TZ_OFFSET}`);
const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** Term time: no winter break (Jan 24 – Feb 22), summer break (Jul 11 – Aug 31) or National Day week (Oct 1–7). */
export function inTerm(day: string): boolean {
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  return !((m === 1 && d >= 24) || (m === 2 && d <= 22) || (m === 7 && d >= 11) || m === 8 || (m === 10 && d <= 7));
}

/** Meals served on a day: Mon–Thu three, Fri breakfast and lunch, Sun the boarders' dinner, none in the breaks. */
export function mealsOn(day: string): Meal[] {
  if (!inTerm(day)) return [];
  const w = isoWeekday(day);
  if (w <= 4) return ['breakfast', 'lunch', 'dinner'];
  if (w === 5) return ['breakfast', 'lunch'];
  if (w === 7) return ['dinner'];
  return [];
}

const benchToday = () => localDate(new Date(), 'Asia/Shanghai');

/** The board's day: the latest Wednesday before today in term (a full three-meal day in the data). */
export function canteenBoardDate(today = benchToday()): string {
  let d = addDays(today, -1);
  while (isoWeekday(d) !== 3 || !inTerm(d)) d = addDays(d, -1);
  return d;
}

/** The cost account's month: the last complete month that is not mostly a break. */
export function canteenCostMonth(today = benchToday()): string {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - 1;
  for (;;) {
    if (m === 0) { y--; m = 12; }
    if (![1, 2, 7, 8].includes(m)) return `${y}-${String(m).padStart(2, '0')}`;
    m--;
  }
}

// ── Reference data (as the parts' demos have it) ──

const MEAL_TIMES: Record<Meal, [string, string]> = { breakfast: ['06:30', '07:30'], lunch: ['11:40', '12:40'], dinner: ['17:30', '18:30'] };
const STUDENT_PRICES: Record<Meal, number> = { breakfast: 300, lunch: 650, dinner: 550 };
const STAFF_PRICES: Record<Meal, number> = { breakfast: 400, lunch: 800, dinner: 700 };
const MENU_PRICES: Record<Meal, number> = { breakfast: 300, lunch: 600, dinner: 500 };
const POSTS: string[][] = [['cook', 'pastry'], ['prep', 'cook'], ['pastry', 'serve'], ['serve', 'wash'], ['store', 'intake'], ['wash', 'clean']];
const ISSUERS = ['县疾病预防控制中心', '县人民医院体检中心', '镇卫生院'];

/** [key, name, address, contact, phone, credit code, licences [kind, number, expiry in days from today], suspended] */
const SUPPLIERS: [string, string, string, string, string, string, [string, string, number][], boolean][] = [
  ['veg', '绿源蔬菜配送中心', '农贸市场东区 12 号', '陈建国', '13907310012', '92431121MA4L0VEG1X', [['food_business', 'JY14311210003512', 610], ['business_licence', '92431121MA4L0VEG1X', 3000]], false],
  ['grain', '丰收粮油贸易有限公司', '建设路 88 号', '刘红梅', '13807312288', '91431121MA4L0GRN2Y', [['food_business', 'JY14311210001208', 420], ['business_licence', '91431121MA4L0GRN2Y', 3000]], false],
  ['meat', '肉类联合加工厂', '工业园 3 号', '王志强', '13974310033', '91431121MA4L0MET3Q', [['food_production', 'SC10443112100021', 18], ['animal_quarantine', '动防合字第 20190031 号', 900]], false],
  ['egg', '禽蛋专业合作社', '石桥村 5 组', '李秋生', '13574310044', '93431121MA4L0EGG4W', [['food_business', 'JY14311210004477', 300]], false],
  ['tofu', '豆制品加工坊', '老街 21 号', '赵桂英', '13762310055', '92431121MA4L0TOF5E', [['food_production', 'SC12543112100107', 200]], false],
  ['milk', '阳光乳业有限公司', '新华路 16 号', '周敏', '13307310066', '91431121MA4L0MLK6R', [['food_production', 'SC10543112100009', 700]], false],
  ['spice', '调味品批发部', '河西市场 7 号', '孙浩', '13607310077', '92431121MA4L0SPC7T', [['food_business', 'JY14311210000815', -20]], true],
];
/** Fresh food of a service day: name, supplier, category, fen/kg, share of the fresh budget, shelf life (days) or none. */
const FRESH: [string, string, string, number, number, number | null][] = [
  ['青菜', 'veg', 'vegetable', 360, 0.12, null], ['白菜', 'veg', 'vegetable', 220, 0.08, null], ['土豆', 'veg', 'vegetable', 300, 0.07, null],
  ['西红柿', 'veg', 'vegetable', 560, 0.07, null], ['猪肉', 'meat', 'meat', 2800, 0.36, 3], ['鸡蛋', 'egg', 'egg', 1100, 0.12, 30],
  ['豆腐', 'tofu', 'bean', 400, 0.08, 2], ['牛奶', 'milk', 'dairy', 1200, 0.10, 21],
];
/** Store staples (weekly delivery, used daily): name, category, unit, fen per unit, share of the day's store use, shelf life, pack size. */
const STAPLES: [string, string, string, number, number, number, number][] = [
  ['大米', 'grain', 'kg', 520, 0.62, 365, 25], ['面粉', 'grain', 'kg', 460, 0.2, 180, 25], ['食用油', 'oil', '桶', 13500, 0.18, 540, 1],
];

type Slot = 'bstaple' | 'porridge' | 'egg' | 'side' | 'staple' | 'meat' | 'half' | 'veg' | 'soup' | 'fruit';
/** [name, category, ingredients, kcal, protein g, fat g, carb g, price fen, slot] */
const DISHES: [string, string, [string, number][], number, number, number, number, number, Slot][] = [
  ['馒头', 'staple', [['面粉', 100]], 233, 7.0, 1.1, 47.0, 50, 'bstaple'], ['肉包子', 'staple', [['面粉', 80], ['猪肉', 30], ['白菜', 20]], 250, 9.5, 8.0, 36.0, 100, 'bstaple'],
  ['花卷', 'staple', [['面粉', 90], ['葱', 5]], 215, 6.4, 2.5, 42.0, 50, 'bstaple'], ['鸡蛋饼', 'staple', [['面粉', 70], ['鸡蛋', 30]], 240, 9.0, 7.0, 35.0, 100, 'bstaple'],
  ['豆沙包', 'staple', [['面粉', 80], ['红豆沙', 30]], 260, 7.0, 2.0, 54.0, 80, 'bstaple'], ['小米粥', 'porridge', [['小米', 25]], 92, 2.3, 0.8, 18.5, 30, 'porridge'],
  ['大米粥', 'porridge', [['大米', 25]], 88, 1.8, 0.2, 19.5, 30, 'porridge'], ['玉米粥', 'porridge', [['玉米碴', 25]], 90, 2.1, 0.9, 18.8, 30, 'porridge'],
  ['牛奶', 'other', [['纯牛奶', 200]], 130, 6.0, 7.2, 10.0, 150, 'porridge'], ['煮鸡蛋', 'egg_tofu', [['鸡蛋', 55]], 78, 6.8, 5.3, 0.6, 80, 'egg'],
  ['茶叶蛋', 'egg_tofu', [['鸡蛋', 55], ['茶叶', 1]], 80, 6.8, 5.4, 0.8, 80, 'egg'], ['凉拌黄瓜', 'vegetable', [['黄瓜', 100], ['蒜', 3]], 35, 0.8, 2.0, 3.5, 50, 'side'],
  ['酱萝卜丁', 'vegetable', [['白萝卜', 60]], 30, 0.6, 0.3, 6.0, 30, 'side'], ['炒土豆丝', 'vegetable', [['土豆', 120], ['青椒', 10]], 140, 2.5, 5.5, 21.0, 100, 'side'],
  ['米饭', 'staple', [['大米', 150]], 174, 3.9, 0.5, 38.9, 50, 'staple'], ['二米饭', 'staple', [['大米', 110], ['小米', 40]], 180, 4.3, 0.9, 39.0, 60, 'staple'],
  ['红烧肉', 'meat', [['五花肉', 80], ['酱油', 5], ['冰糖', 3]], 380, 9.0, 35.0, 6.0, 500, 'meat'], ['宫保鸡丁', 'meat', [['鸡胸肉', 80], ['花生', 15], ['黄瓜', 30]], 260, 20.0, 16.0, 9.0, 450, 'meat'],
  ['红烧鸡腿', 'meat', [['鸡腿', 120], ['酱油', 5]], 280, 22.0, 19.0, 5.0, 500, 'meat'], ['糖醋里脊', 'meat', [['猪里脊', 80], ['淀粉', 15], ['番茄酱', 10]], 300, 16.0, 15.0, 24.0, 500, 'meat'],
  ['清蒸鱼块', 'meat', [['草鱼', 120], ['姜', 3]], 160, 20.0, 7.0, 2.0, 500, 'meat'], ['土豆烧牛肉', 'meat', [['牛肉', 70], ['土豆', 80]], 280, 18.0, 13.0, 20.0, 600, 'meat'],
  ['鱼香肉丝', 'half_meat', [['猪肉', 50], ['木耳', 20], ['胡萝卜', 30], ['青椒', 20]], 230, 11.0, 15.0, 12.0, 350, 'half'], ['青椒肉丝', 'half_meat', [['猪肉', 50], ['青椒', 80]], 210, 11.0, 14.0, 8.0, 300, 'half'],
  ['番茄炒蛋', 'egg_tofu', [['番茄', 100], ['鸡蛋', 60]], 190, 9.0, 13.0, 8.0, 250, 'half'], ['麻婆豆腐', 'egg_tofu', [['豆腐', 150], ['猪肉末', 20]], 220, 13.0, 15.0, 7.0, 250, 'half'],
  ['肉末茄子', 'half_meat', [['茄子', 150], ['猪肉末', 25]], 210, 6.0, 16.0, 12.0, 300, 'half'], ['西葫芦炒肉片', 'half_meat', [['西葫芦', 120], ['猪肉', 40]], 180, 9.0, 12.0, 8.0, 300, 'half'],
  ['蒜蓉西兰花', 'vegetable', [['西兰花', 150], ['蒜', 5]], 80, 4.5, 4.0, 7.0, 200, 'veg'], ['清炒小白菜', 'vegetable', [['小白菜', 150]], 60, 2.3, 4.0, 4.0, 150, 'veg'],
  ['醋溜白菜', 'vegetable', [['大白菜', 150]], 70, 2.0, 4.0, 6.0, 150, 'veg'], ['手撕包菜', 'vegetable', [['卷心菜', 150]], 75, 2.0, 4.5, 7.0, 150, 'veg'],
  ['炒豆芽', 'vegetable', [['绿豆芽', 150]], 70, 3.0, 4.0, 5.0, 150, 'veg'], ['冬瓜虾皮', 'vegetable', [['冬瓜', 150], ['虾皮', 5]], 60, 3.0, 3.0, 5.0, 150, 'veg'],
  ['紫菜蛋花汤', 'soup', [['紫菜', 3], ['鸡蛋', 20]], 40, 3.0, 2.0, 1.5, 0, 'soup'], ['番茄鸡蛋汤', 'soup', [['番茄', 50], ['鸡蛋', 20]], 45, 3.0, 2.5, 3.0, 0, 'soup'],
  ['冬瓜排骨汤', 'soup', [['冬瓜', 80], ['排骨', 30]], 90, 6.0, 6.0, 3.0, 0, 'soup'], ['白菜豆腐汤', 'soup', [['大白菜', 60], ['豆腐', 40]], 50, 4.0, 2.5, 3.0, 0, 'soup'],
  ['苹果', 'fruit', [['苹果', 150]], 78, 0.3, 0.3, 20.0, 100, 'fruit'], ['香蕉', 'fruit', [['香蕉', 120]], 110, 1.3, 0.2, 26.0, 100, 'fruit'],
];
/** Dishes of a meal (n: the running meal number): breakfast 4, lunch 6, dinner 5. */
const MEAL_SLOTS: Record<Meal, [Slot, number][]> = {
  breakfast: [['bstaple', 0], ['porridge', 1], ['egg', 0], ['side', 2]],
  lunch: [['staple', 0], ['meat', 0], ['half', 1], ['veg', 0], ['soup', 0], ['fruit', 0]],
  dinner: [['staple', 1], ['meat', 3], ['half', 3], ['veg', 2], ['soup', 1]],
};
const PARENTS = ['李女士（七年级家长）', '张先生（八年级家长）', '王女士（九年级家长）', '赵先生（家委会）'];
const PROBLEMS: [string, string | null][] = [['米饭偏硬', '调整蒸饭加水量'], ['菜品偏咸', '要求厨师减盐'], ['打饭窗口排队较长', '高峰期增开一个窗口'], ['汤温度偏低', null], ['餐桌擦拭不及时', '增加保洁巡查']];

/** Ids of the canteen templates of each school (for the inspections). */
interface Templates { [code: string]: { id: number; items: number[] } }

function templates(ctx: GenerateContext, schoolId: number): Templates {
  const out: Templates = {};
  for (const def of CANTEEN_TEMPLATES) {
    const id = ctx.nextId('inspection_templates');
    // The same keys as the hazards step's rows (one INSERT per table takes the first row's columns).
    ctx.add('inspection_templates', [{
      school_id: schoolId, id, code: def.code, domain: def.domain, name_zh: def.name.zh, name_en: def.name.en, frequency: def.frequency,
      revision: 1, seed_hash: seedHashOf(def), customized: false, active: true, version: 1,
    }]);
    const items = def.items.map((it, position) => ({
      school_id: schoolId, id: ctx.nextId('inspection_template_items'), template_id: id, revision: 1, position,
      section_zh: it.section.zh, section_en: it.section.en, text_zh: it.text.zh, text_en: it.text.en,
      guidance_zh: it.guidance?.zh ?? null, guidance_en: it.guidance?.en ?? null, mode: it.mode, max_score: it.maxScore ?? null,
      photo_required: !!it.photoRequired, critical: !!it.critical, kind: it.kind ?? null,
    }));
    ctx.add('inspection_template_items', items);
    out[def.code] = { id, items: items.map((x) => x.id) };
  }
  return out;
}

function school(ctx: GenerateContext, schoolId: number, schoolIndex: number, today: string) {
  const random = seededRandom(6_000_000 + schoolIndex);
  const refs = ctx.refs.get(schoolId)!;
  const byRole = (role: string) => refs.staff.find((x) => x.roles.includes(role))!.id;
  const canteen = byRole('canteen_manager');
  const principal = byRole('principal');
  const vice = byRole('vice_principal');
  const director = byRole('director');
  // The org step's six canteen workers (厨师长 first) are its only staff without a role.
  const workers = refs.staff.filter((x) => !x.roles.length);
  if (workers.length !== 6) throw new Error(`canteen bench: expected the org step's 6 canteen workers, found ${workers.length}`);
  const chef = workers[0].id;
  const cabinet = refs.locations['ST-1-LY'] ?? null;
  const now = Date.now();
  const first = addDays(today, -365);
  const days: { day: string; meals: Meal[] }[] = [];
  for (let d = first; d < today; d = addDays(d, 1)) {
    const meals = mealsOn(d);
    if (meals.length) days.push({ day: d, meals });
  }
  const jitter = (n: number, spread: number) => n - Math.floor(random() * spread);

  // ── Settings: prices, the boarders' service days, the sample cabinet ──
  ctx.add('school_settings', [
    { school_id: schoolId, module: 'canteenStaff', values: { serviceWeekdays: [1, 2, 3, 4, 5, 7] }, version: 1 },
    { school_id: schoolId, module: 'canteenSupply', values: { studentPrices: STUDENT_PRICES, staffPrices: STAFF_PRICES }, version: 1 },
    { school_id: schoolId, module: 'canteenMeals', values: { servedMeals: [...MEALS], defaultCabinetLocationId: cabinet }, version: 1 },
  ]);

  // ── Staff, certificates (renewed once), morning checks ──
  const staff = [{ userId: canteen, posts: ['purchase', 'intake'], note: '食堂管理员，负责晨检和每日自查' },
    ...workers.map((w, i) => ({ userId: w.id, posts: POSTS[i], note: i === 0 ? '厨师长' : null }))]
    .map((x) => ({ school_id: schoolId, id: ctx.nextId('canteen_staff'), user_id: x.userId, posts: x.posts, note: x.note }));
  ctx.add('canteen_staff', staff);
  ctx.add('canteen_health_certs', staff.flatMap((st, i) => {
    const expiresOn = i === 2 ? addDays(today, 18) : addDays(today, 40 + ((i * 47) % 300));
    const issuedOn = addDays(expiresOn, -364);
    const oldExpires = addDays(issuedOn, -1);
    const no = `JK${schoolIndex}-${String(i + 1).padStart(4, '0')}`;
    return [
      { school_id: schoolId, id: ctx.nextId('canteen_health_certs'), staff_id: st.id, cert_no: `${no}-A`, issued_on: addDays(oldExpires, -364), expires_on: oldExpires,
        issuer: ISSUERS[i % 3], alerted_at: at(addDays(oldExpires, -30), '07:00').toISOString(), created_by: canteen },
      { school_id: schoolId, id: ctx.nextId('canteen_health_certs'), staff_id: st.id, cert_no: no, issued_on: issuedOn, expires_on: expiresOn,
        issuer: ISSUERS[i % 3], alerted_at: null, created_by: canteen },
    ];
  }));
  const checks: Row[] = [];
  for (const { day } of days) {
    staff.forEach((st, i) => {
      const fever = random() < 0.003;
      const checkedAt = at(day, `07:${String(10 + i * 3).padStart(2, '0')}`).toISOString();
      checks.push({
        school_id: schoolId, id: ctx.nextId('canteen_morning_checks'), staff_id: st.id, day, fever, temperature: fever ? 37.8 : 36.2 + Math.floor(random() * 6) / 10,
        diarrhoea: false, wound: false, sore_throat: false, other_symptom: null, result: fever ? 'fail' : 'pass', checker_id: canteen, checked_at: checkedAt, version: 1, updated_at: checkedAt,
      });
    });
  }
  ctx.add('canteen_morning_checks', checks);

  // ── Self-checks: daily each service day, weekly on the week's first, monthly on the month's first (all passed) ──
  const tpl = templates(ctx, schoolId);
  const inspections: Row[] = [];
  const results: Row[] = [];
  const seenWeek = new Set<string>();
  const seenMonth = new Set<string>();
  for (const { day } of days) {
    const codes = ['canteen.daily'];
    const week = addDays(day, 1 - isoWeekday(day));
    if (!seenWeek.has(week) && isoWeekday(day) !== 7) { seenWeek.add(week); codes.push('canteen.weekly'); }
    if (!seenMonth.has(day.slice(0, 7)) && isoWeekday(day) !== 7) { seenMonth.add(day.slice(0, 7)); codes.push('canteen.monthly'); }
    for (const code of codes) {
      const t = tpl[code];
      const id = ctx.nextId('inspections');
      const [start, end] = code === 'canteen.daily' ? ['06:40', '06:55'] : ['14:30', '15:20'];
      const submitted = at(day, end).toISOString();
      inspections.push({
        school_id: schoolId, id, template_id: t.id, template_revision: 1, domain: 'canteen', zone: '食堂', state: 'submitted', inspector_id: canteen, day,
        started_at: at(day, start).toISOString(), submitted_at: submitted, pass_count: t.items.length, fail_count: 0, version: 2, updated_at: submitted,
      });
      for (const itemId of t.items) results.push({ school_id: schoolId, id: ctx.nextId('inspection_results'), inspection_id: id, item_id: itemId, outcome: 'pass', updated_at: submitted });
    }
  }
  ctx.add('inspections', inspections);
  ctx.add('inspection_results', results);

  // ── Suppliers and licences ──
  const supplier: Record<string, number> = {};
  ctx.add('canteen_suppliers', SUPPLIERS.map(([key, name, address, contact, phone, credit, , suspended]) => {
    supplier[key] = ctx.nextId('canteen_suppliers');
    return {
      school_id: schoolId, id: supplier[key], name: `基准县${name}`, address: `基准县${address}`, contact, phone, credit_code: credit,
      status: suspended ? 'suspended' : 'admitted', no_incident_declared: true, note: suspended ? '许可证过期未换发，暂停供货' : null, created_by: canteen,
    };
  }));
  ctx.add('canteen_supplier_licences', SUPPLIERS.flatMap(([key, , , , , , licences]) => licences.map(([kind, number, inDays]) => ({
    school_id: schoolId, id: ctx.nextId('canteen_supplier_licences'), supplier_id: supplier[key], kind, number, expires_on: addDays(today, inDays),
  }))));

  // ── Meal counts and the day's food budget (≈ 96–98 % of the day's fees) ──
  const counts: Row[] = [];
  const budget = new Map<string, number>();
  for (const { day, meals } of days) {
    let fees = 0;
    for (const meal of meals) {
      const students = meal === 'lunch' ? jitter(600, 14) : jitter(400, 12);
      const staffN = meal === 'lunch' ? jitter(46, 5) : meal === 'breakfast' ? jitter(16, 4) : isoWeekday(day) === 7 ? jitter(6, 2) : jitter(12, 3);
      fees += students * STUDENT_PRICES[meal] + staffN * STAFF_PRICES[meal];
      counts.push({ school_id: schoolId, id: ctx.nextId('canteen_meal_counts'), date: day, meal, students, staff: staffN, created_by: canteen });
    }
    budget.set(day, Math.round(fees * (0.955 + random() * 0.03)));
  }
  ctx.add('canteen_meal_counts', counts);
  // Entered fee income of every past month but the last two (those are computed from the prices).
  const months = [...new Set(days.map((d) => d.day.slice(0, 7)))].slice(0, -2);
  ctx.add('canteen_fee_income', months.map((month) => {
    const fees = days.filter((d) => d.day.startsWith(month)).reduce((a, d) => a + Math.round((budget.get(d.day) ?? 0) / 0.965), 0);
    return { school_id: schoolId, id: ctx.nextId('canteen_fee_income'), month, income_fen: Math.round(fees / 100) * 100, note: '财务室核定' };
  }));

  // ── Intakes: fresh food every service morning to the kitchen; the week's staples to the store; store used FIFO ──
  interface Batch { id: number; name: string; price: number; quantity: number; used: number; amount: number; usedAmount: number }
  const intakes: Row[] = [];
  const items: Row[] = [];
  const usage: Row[] = [];
  const batches: Batch[] = [];
  const weekNeed = new Map<string, number[]>();
  for (const { day } of days) {
    const week = addDays(day, 1 - isoWeekday(day));
    const need = weekNeed.get(week) ?? STAPLES.map(() => 0);
    const store = Math.round(budget.get(day)! * 0.38);
    STAPLES.forEach(([, , , price, share], k) => { need[k] += (store * share) / price; });
    weekNeed.set(week, need);
  }
  const staplesDone = new Set<string>();
  for (const { day } of days) {
    const week = addDays(day, 1 - isoWeekday(day));
    const intake = (key: string, hm: string, inspectors: number[], lines: Omit<Row, 'school_id' | 'id' | 'intake_id' | 'line' | 'received_on'>[]) => {
      const id = ctx.nextId('canteen_intakes');
      const refused = lines.filter((l) => l.result === 'refused').length;
      intakes.push({
        school_id: schoolId, id, supplier_id: supplier[key], received_at: at(day, hm).toISOString(), received_on: day, inspector_ids: inspectors,
        has_bulk: lines.some((l) => l.bulk), refused_count: refused, retain_until: retainUntilOf(day, lines.map((l) => ({ expiresOn: l.expires_on as string | null }))), created_by: canteen,
      });
      lines.forEach((l, i) => items.push({ school_id: schoolId, id: ctx.nextId('canteen_intake_items'), intake_id: id, line: i + 1, received_on: day, ...l }));
    };
    const line = (name: string, category: string, quantity: number, unit: string, price: number, o: { spec?: string | null; bulk?: boolean; shelf?: number | null; destination?: string; refused?: boolean; temperature?: number | null }) => {
      const production = o.shelf ? addDays(day, o.destination === 'store' ? -20 : -1) : null;
      return {
        name, spec: o.spec ?? null, category, bulk: !!o.bulk, quantity, unit, unit_price_fen: price, amount_fen: amountOf(quantity, price), production_date: production,
        batch: production ? null : day.replace(/-/g, ''), shelf_life_days: o.shelf ?? null, expires_on: production && o.shelf ? addDays(production, o.shelf) : null,
        temperature: o.temperature ?? null, destination: o.destination ?? 'kitchen', result: o.refused ? 'refused' : 'accepted',
        refuse_reason: o.refused ? '感官检查不合格，有异味' : null, disposal: o.refused ? 'returned' : null, used_quantity: 0,
      };
    };
    if (!staplesDone.has(week)) {
      staplesDone.add(week);
      const need = weekNeed.get(week)!;
      intake('grain', '07:40', [canteen, chef], STAPLES.map(([name, category, unit, price, , shelf, pack], k) =>
        line(name, category, Math.ceil((need[k] * 1.04) / pack) * pack, unit, price, { spec: unit === '桶' ? '20L/桶' : '25kg/袋', bulk: true, shelf, destination: 'store' })));
      const added = items.slice(-STAPLES.length);
      for (const it of added) {
        batches.push({ id: it.id as number, name: it.name as string, price: it.unit_price_fen as number, quantity: it.quantity as number, used: 0, amount: it.amount_fen as number, usedAmount: 0 });
      }
    }
    const fresh = Math.round(budget.get(day)! * 0.62);
    const shares = FRESH.reduce((a, f) => a + f[4], 0);
    const bySupplier = new Map<string, ReturnType<typeof line>[]>();
    for (const [name, key, category, price, share, shelf] of FRESH) {
      const quantity = Math.round(((fresh * share) / shares / price) * 10) / 10;
      const refused = random() < 0.006;
      const l = line(name, category, quantity, 'kg', price, {
        bulk: name === '猪肉' || name === '鸡蛋', shelf, refused, spec: key === 'milk' ? '250ml×24盒/箱 折算 kg' : null,
        temperature: name === '猪肉' ? Math.round((2 + random() * 3) * 10) / 10 : name === '牛奶' ? 4.5 : null,
      });
      bySupplier.set(key, [...(bySupplier.get(key) ?? []), l]);
    }
    for (const [key, lines] of bySupplier) {
      intake(key, key === 'meat' ? '06:40' : key === 'veg' ? '06:50' : '07:00', lines.some((l) => l.bulk) ? [canteen, chef] : [canteen], lines);
    }
    // The day's store use, oldest batch first.
    const store = Math.round(budget.get(day)! * 0.38);
    for (const [name, , , price, share] of STAPLES) {
      let want = Math.round(((store * share) / price) * 10) / 10;
      for (const b of batches) {
        if (want <= 0) break;
        if (b.name !== name) continue;
        const left = Math.round((b.quantity - b.used) * 1000) / 1000;
        if (left <= 0) continue;
        const q = Math.min(left, want);
        const amount = q === left ? b.amount - b.usedAmount : amountOf(q, price);
        b.used = Math.round((b.used + q) * 1000) / 1000;
        b.usedAmount += amount;
        want = Math.round((want - q) * 1000) / 1000;
        usage.push({ school_id: schoolId, id: ctx.nextId('canteen_usage'), used_on: day, item_id: b.id, quantity: q, amount_fen: amount, note: null, created_by: canteen, created_at: at(day, '09:30').toISOString() });
      }
    }
  }
  const usedOf = new Map(batches.map((b) => [b.id, b.used]));
  for (const it of items) if (usedOf.has(it.id as number)) it.used_quantity = usedOf.get(it.id as number);
  ctx.add('canteen_intakes', intakes);
  ctx.add('canteen_intake_items', items);
  ctx.add('canteen_usage', usage);

  // ── Dishes, weekly menus (published the Friday before) with their public snapshots ──
  const dishes = DISHES.map(([name, category, ingredients, kcal, protein, fat, carb, price, slot]) => ({
    row: { school_id: schoolId, id: ctx.nextId('canteen_dishes'), name, category, ingredients: ingredients.map(([n, g]) => ({ name: n, grams: g })), energy_kcal: kcal, protein_g: protein, fat_g: fat, carb_g: carb, price_fen: price },
    slot,
  }));
  ctx.add('canteen_dishes', dishes.map((d) => d.row));
  const bySlot = (slot: Slot) => dishes.filter((d) => d.slot === slot).map((d) => d.row);
  const dishById = new Map(dishes.map((d) => [d.row.id, d.row]));
  let n = 0;
  const menus: Row[] = [];
  const menuMeals: { school_id: number; id: number; menu_id: number; day: string; meal: Meal; dish_ids: number[]; price_fen: number; published: boolean }[] = [];
  const snapshots: Row[] = [];
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  for (let week = addDays(first, 1 - isoWeekday(first)); week <= thisMonday; week = addDays(week, 7)) {
    const served = Array.from({ length: 7 }, (_, i) => addDays(week, i)).filter((d) => d >= first).flatMap((day) => mealsOn(day).map((meal) => ({ day, meal })));
    if (!served.length) continue;
    const id = ctx.nextId('canteen_menus');
    const publishedAt = at(addDays(week, -3), '16:00').toISOString();
    menus.push({ school_id: schoolId, id, week_start: week, status: 'published', published_at: publishedAt, published_by: canteen, created_by: canteen });
    const mine = served.map(({ day, meal }) => {
      const k = n++;
      const dishIds = MEAL_SLOTS[meal].map(([slot, off]) => { const xs = bySlot(slot); return xs[(k + off) % xs.length].id; });
      return { school_id: schoolId, id: ctx.nextId('canteen_menu_meals'), menu_id: id, day, meal, dish_ids: dishIds, price_fen: MENU_PRICES[meal], published: true };
    });
    menuMeals.push(...mine);
    snapshots.push({
      school_id: schoolId, id: ctx.nextId('canteen_menu_snapshots'), menu_id: id, week_start: week, published_at: publishedAt,
      content: { meals: mine.map((m) => {
        const ds = m.dish_ids.map((x) => dishById.get(x)!).map((d) => ({ name: d.name, category: d.category, priceFen: d.price_fen, energyKcal: d.energy_kcal, proteinG: d.protein_g, fatG: d.fat_g, carbG: d.carb_g }));
        return { day: m.day, meal: m.meal, priceFen: m.price_fen, dishes: ds, nutrition: sumNutrition(ds) };
      }) },
    });
  }
  ctx.add('canteen_menus', menus);
  ctx.add('canteen_menu_meals', menuMeals);
  ctx.add('canteen_menu_snapshots', snapshots);

  // ── Samples of every served dish (kept 48 h, disposed 2–3 days later) and an accompanied meal of every served meal ──
  const samples: Row[] = [];
  const accompanied: Row[] = [];
  const rotaOf: Record<Meal, number[]> = { breakfast: [director, director, director, director, director, director, director], lunch: [principal, vice, principal, vice, principal, principal, principal], dinner: [vice, principal, vice, principal, vice, vice, vice] };
  const postOf = (id: number) => (id === principal ? '校长' : id === vice ? '分管后勤副校长' : '总务主任');
  let k = 0;
  for (const m of menuMeals) {
    if (m.day < first || m.day >= today) continue;
    const [start, end] = MEAL_TIMES[m.meal];
    const base = at(m.day, start).getTime() - 30 * 60_000;
    m.dish_ids.forEach((dishId, i) => {
      const sampled = base + i * 2 * 60_000;
      const keep = sampled + 48 * 3600_000;
      const disposed = keep + (2 + Math.floor(random() * 20)) * 3600_000;
      const done = disposed <= now;
      samples.push({
        school_id: schoolId, id: ctx.nextId('canteen_samples'), day: m.day, meal: m.meal, dish_id: dishId, dish_name: dishById.get(dishId)!.name, weight_grams: 125 + Math.floor(random() * 60),
        sampled_at: new Date(sampled).toISOString(), sampler_id: canteen, cabinet_location_id: cabinet, cabinet: cabinet ? null : '留样冰箱', keep_until: new Date(keep).toISOString(),
        disposed_at: done ? new Date(disposed).toISOString() : null, disposed_by: done ? canteen : null, version: done ? 2 : 1,
        created_at: new Date(sampled).toISOString(), updated_at: new Date(done ? disposed : sampled).toISOString(),
      });
    });
    const parent = k % 11 === 5;
    const problem = k % 9 === 4 ? PROBLEMS[Math.floor(k / 9) % PROBLEMS.length] : null;
    const leader = rotaOf[m.meal][isoWeekday(m.day) - 1];
    const recorded = at(m.day, end).getTime() - 10 * 60_000;
    const open = !!problem?.[1] && m.day >= addDays(today, -7);
    accompanied.push({
      school_id: schoolId, id: ctx.nextId('canteen_accompanied_meals'), day: m.day, meal: m.meal, person_kind: parent ? 'parent' : 'leader', leader_id: parent ? null : leader,
      parent_name: parent ? PARENTS[k % PARENTS.length] : null, post: parent ? null : postOf(leader), dish_ids: m.dish_ids,
      rating_quality: 4 + (random() < 0.6 ? 1 : 0), rating_quantity: 4 + (random() < 0.5 ? 1 : 0), rating_hygiene: problem ? 3 : 5, rating_price: 4 + (random() < 0.4 ? 1 : 0),
      problems: problem?.[0] ?? null, follow_up: problem?.[1] ?? null, follow_up_by: problem?.[1] ? canteen : null,
      follow_up_result: problem?.[1] && !open ? '已整改' : null, follow_up_closed_at: problem?.[1] && !open ? new Date(recorded + 24 * 3600_000).toISOString() : null,
      follow_up_closed_by: problem?.[1] && !open ? director : null, recorded_by: parent ? canteen : leader,
      created_at: new Date(recorded).toISOString(), updated_at: new Date(recorded).toISOString(),
    });
    k++;
  }
  ctx.add('canteen_samples', samples);
  ctx.add('canteen_accompanied_meals', accompanied);
  ctx.add('canteen_rota', [
    { leader_id: director, meal: 'breakfast', weekdays: [1, 2, 3, 4, 5] },
    { leader_id: principal, meal: 'lunch', weekdays: [1, 3, 5] }, { leader_id: vice, meal: 'lunch', weekdays: [2, 4] },
    { leader_id: vice, meal: 'dinner', weekdays: [1, 3, 7] }, { leader_id: principal, meal: 'dinner', weekdays: [2, 4] },
  ].map((r) => ({ school_id: schoolId, id: ctx.nextId('canteen_rota'), ...r })));
}

export const canteenStep: GenerateStep = {
  name: 'canteen',
  run(ctx) {
    const today = benchToday();
    for (const s of ctx.schools) school(ctx, s.id, s.index, today);
  },
};
