import { sql } from 'drizzle-orm';
import { seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf } from '../../platform/db';
import { demoPhoto, insertDemoFiles, type DemoFile } from '../../platform/demo-files';
import { schoolSettings } from '../../platform/settings.tables';
import { addDays, localDate, zonedTime } from '../../platform/schedules';
import type { CanteenSupplySettings, Meal } from '../../../contracts/canteenSupply';
import { canteenIntakeItems, canteenIntakes, canteenMealCounts, canteenSupplierLicences, canteenSuppliers, canteenUsage } from './supply.tables';
import { ENTITY, amountOf } from './supply.common';
import { retainUntilOf } from './supply.intakes';

/*
 * The demo's canteen supply (SPEC §7): for 青山镇初级中学 (boarding, ~600 students, ~400 boarders:
 * breakfast, lunch and dinner Monday–Thursday, breakfast and lunch on Friday, the boarders' dinner on
 * Sunday) and 城关第一小学 (day school, lunch on weekdays), the last 30 days up to the demo's today:
 * 7 suppliers (one licence expiring within 30 days, one suspended supplier with an expired licence),
 * a weekly delivery of rice, flour and oil into the store (bulk staples, two inspectors), fresh food
 * every service morning straight to the kitchen (meat with its quarantine certificate, two inspectors),
 * one refused item, store usage FIFO every service day, meal counts of every served meal, and meal
 * prices in the settings. The day's food is bought to about 96–98 % of the day's fees, so the month
 * shows a small surplus under the 5 % limit. Today: the morning's vegetables are in, no meal counts yet.
 * Deterministic (its own generator), a handful of bulk inserts per school.
 */

const TZ = 'Asia/Shanghai';

const PRICES: Pick<CanteenSupplySettings, 'studentPrices' | 'staffPrices'> = {
  studentPrices: { breakfast: 300, lunch: 650, dinner: 550 },
  staffPrices: { breakfast: 400, lunch: 800, dinner: 700 },
};

interface SupplierSpec { key: string; name: string; address: string; contact: string; phone: string; credit: string; licences: [string, string, number][]; status?: 'suspended'; incident?: boolean }

/** [kind, number, expiry in days from today] */
const SUPPLIERS: SupplierSpec[] = [
  { key: 'veg', name: '青山镇绿源蔬菜配送中心', address: '青山镇农贸市场东区 12 号', contact: '陈建国', phone: '13907310012', credit: '92431121MA4L0VEG1X', licences: [['food_business', 'JY14311210003512', 610], ['business_licence', '92431121MA4L0VEG1X', 3000]] },
  { key: 'grain', name: '县城丰收粮油贸易有限公司', address: '城关镇建设路 88 号', contact: '刘红梅', phone: '13807312288', credit: '91431121MA4L0GRN2Y', licences: [['food_business', 'JY14311210001208', 420], ['business_licence', '91431121MA4L0GRN2Y', 3000]] },
  { key: 'meat', name: '县肉类联合加工厂', address: '城关镇工业园 3 号', contact: '王志强', phone: '13974310033', credit: '91431121MA4L0MET3Q', licences: [['food_production', 'SC10443112100021', 18], ['animal_quarantine', '（湘）动防合字第 20190031 号', 900]] },
  { key: 'egg', name: '青山镇禽蛋专业合作社', address: '青山镇石桥村 5 组', contact: '李秋生', phone: '13574310044', credit: '93431121MA4L0EGG4W', licences: [['food_business', 'JY14311210004477', 300]] },
  { key: 'tofu', name: '青山镇豆制品加工坊', address: '青山镇老街 21 号', contact: '赵桂英', phone: '13762310055', credit: '92431121MA4L0TOF5E', licences: [['food_production', 'SC12543112100107', 200]] },
  { key: 'milk', name: '县阳光乳业有限公司', address: '城关镇新华路 16 号', contact: '周敏', phone: '13307310066', credit: '91431121MA4L0MLK6R', licences: [['food_production', 'SC10543112100009', 700]] },
  { key: 'spice', name: '城关镇调味品批发部', address: '城关镇河西市场 7 号', contact: '孙浩', phone: '13607310077', credit: '92431121MA4L0SPC7T', licences: [['food_business', 'JY14311210000815', -20]], status: 'suspended' },
];

/** Fresh food of a service day: name, supplier, category, unit price (fen/kg), share of the day's fresh budget, shelf life (days) or none. */
const FRESH: [string, string, string, number, number, number | null][] = [
  ['青菜', 'veg', 'vegetable', 360, 0.12, null], ['白菜', 'veg', 'vegetable', 220, 0.08, null], ['土豆', 'veg', 'vegetable', 300, 0.07, null],
  ['西红柿', 'veg', 'vegetable', 560, 0.07, null], ['猪肉', 'meat', 'meat', 2800, 0.36, 3], ['鸡蛋', 'egg', 'egg', 1100, 0.12, 30],
  ['豆腐', 'tofu', 'bean', 400, 0.08, 2], ['牛奶', 'milk', 'dairy', 1200, 0.10, 21],
];
/** Store staples (weekly delivery, used daily): name, category, unit, unit price, weekly quantity, share of the day's store use, shelf life. */
const STAPLES: [string, string, string, number, number, number, number][] = [
  ['大米', 'grain', 'kg', 520, 1800, 0.62, 365], ['面粉', 'grain', 'kg', 460, 650, 0.2, 180], ['食用油', 'oil', '桶', 13500, 20, 0.18, 540],
];

export async function seedSupplyDemo(ctx: DemoContext): Promise<void> {
  // The certificates' scans: one plain paper-coloured picture, shared by every file.
  const photo = await demoPhoto({ wall: '#f0ecdc', floor: '#f0ecdc' });
  for (const s of ctx.schools) await seedSchool(ctx, s, photo);
}

async function seedSchool(ctx: DemoContext, s: DemoSchool, photo: { data: Buffer; thumbnail: Buffer | null }) {
  const { tx } = ctx;
  const random = seededRandom(s.key === 's1' ? 6101 : 6202);
  const today = localDate(ctx.today, TZ);
  const nowHm = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ctx.today);
  const users = await rowsOf<{ id: number; username: string }>(tx, sql`SELECT id, username FROM users WHERE school_id = ${s.id}
    AND username IN (${s.prefix + 'canteen1'}, ${s.prefix + 'director'}, ${s.prefix + 'vice'})`);
  const uid = (u: string) => Number(users.find((r) => r.username === s.prefix + u)?.id);
  const canteen = uid('canteen1');
  const director = uid('director');
  // A canteen worker (the 厨师长) inspects with the manager.
  const [chef] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM users WHERE school_id = ${s.id} AND post = '厨师长' ORDER BY id LIMIT 1`);
  const second = chef ? Number(chef.id) : director;
  const [{ total, boarders }] = await rowsOf<{ total: number; boarders: number }>(tx, sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE boarder)::int AS boarders FROM students WHERE school_id = ${s.id}`);
  const students = Number(total) || (s.boarding ? 600 : 1100);
  const boarding = s.boarding ? Number(boarders) || 400 : 0;

  await tx.insert(schoolSettings).values({ schoolId: s.id, module: 'canteenSupply', values: PRICES, version: 1 }).onConflictDoNothing();

  // ── Suppliers ──
  const specs = s.boarding ? SUPPLIERS : SUPPLIERS.filter((x) => x.key !== 'milk');
  const supRows = await tx.insert(canteenSuppliers).values(specs.map((x) => ({
    schoolId: s.id, name: x.name, address: x.address, contact: x.contact, phone: x.phone, creditCode: x.credit, status: (x.status ?? 'admitted') as 'admitted' | 'suspended',
    noIncidentDeclared: true, createdBy: canteen, note: x.status ? '营业执照、许可证过期未换发，暂停供货' : null,
    createdAt: zonedTime(addDays(today, -200), '09:00', TZ), updatedAt: zonedTime(addDays(today, -40), '09:00', TZ),
  }))).returning({ id: canteenSuppliers.id, name: canteenSuppliers.name });
  const supId = Object.fromEntries(specs.map((x) => [x.key, Number(supRows.find((r) => r.name === x.name)!.id)]));
  const licRows = await tx.insert(canteenSupplierLicences).values(specs.flatMap((x) => x.licences.map(([kind, number, days]) => ({
    schoolId: s.id, supplierId: supId[x.key], kind, number, expiresOn: addDays(today, days),
  })))).returning({ id: canteenSupplierLicences.id, number: canteenSupplierLicences.number });
  const doc = (entity: string, entityId: number, name: string): DemoFile => ({ entity, entityId, slot: null, name, mime: 'image/jpeg', ...photo });
  const docs: DemoFile[] = licRows.map((l) => doc(ENTITY.licence, l.id, `证照-${l.number}.jpg`));

  // ── Days, meal counts and the day's budget ──
  const first = addDays(today, -30);
  const days: { day: string; meals: Meal[]; weekday: number }[] = [];
  for (let d = first; d <= today; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay(); // 0 Sunday
    const meals: Meal[] = s.boarding
      ? (wd >= 1 && wd <= 4 ? ['breakfast', 'lunch', 'dinner'] : wd === 5 ? ['breakfast', 'lunch'] : wd === 0 ? ['dinner'] : [])
      : (wd >= 1 && wd <= 5 ? ['lunch'] : []);
    if (meals.length) days.push({ day: d, meals, weekday: wd });
  }
  const jitter = (n: number, spread: number) => n - Math.floor(random() * spread);
  const countRows: { schoolId: number; date: string; meal: Meal; students: number; staff: number; createdBy: number; createdAt: Date; updatedAt: Date }[] = [];
  const budget = new Map<string, number>();
  for (const { day, meals, weekday } of days) {
    if (day === today) continue; // today's counts are entered in the evening
    let fees = 0;
    for (const meal of meals) {
      const st = meal === 'lunch' ? jitter(students, 12) : jitter(boarding, 10);
      const sf = meal === 'lunch' ? jitter(s.boarding ? 46 : 62, 5) : meal === 'breakfast' ? jitter(16, 4) : weekday === 0 ? jitter(6, 2) : jitter(12, 3);
      fees += st * PRICES.studentPrices[meal] + sf * PRICES.staffPrices[meal];
      const at = zonedTime(day, meal === 'dinner' ? '19:10' : meal === 'lunch' ? '13:05' : '08:05', TZ);
      countRows.push({ schoolId: s.id, date: day, meal, students: st, staff: sf, createdBy: canteen, createdAt: at, updatedAt: at });
    }
    budget.set(day, Math.round(fees * (0.955 + random() * 0.03)));
  }
  if (countRows.length) await tx.insert(canteenMealCounts).values(countRows);

  // ── Intakes: a weekly staples delivery (the first service day of each week), fresh food every service day ──
  interface ItemPlan { name: string; spec: string | null; category: string; bulk: boolean; quantity: number; unit: string; unitPriceFen: number; productionDate: string | null; batch: string | null; shelfLifeDays: number | null; destination: 'kitchen' | 'store'; result: 'accepted' | 'refused'; refuseReason: string | null; disposal: 'returned' | 'destroyed' | null; temperature: number | null; cert: boolean }
  interface IntakePlan { day: string; hm: string; supplier: string; inspectors: number[]; items: ItemPlan[] }
  const plans: IntakePlan[] = [];
  const staplesDays = new Set<string>();
  let lastWeek = -1;
  for (const { day, weekday } of days) {
    const week = Math.floor((Date.parse(`${day}T00:00:00Z`) / 86400000 + 3) / 7);
    if (week !== lastWeek && weekday !== 0) { staplesDays.add(day); lastWeek = week; }
  }
  if (!staplesDays.has(days[0]?.day)) staplesDays.add(days[0]?.day); // stock for the first days
  const refusedDay = days[Math.floor(days.length / 2)]?.day;
  const staple = (name: string, category: string, unit: string, price: number, qty: number, shelf: number, day: string): ItemPlan => ({
    name, spec: unit === '桶' ? '20L/桶' : '25kg/袋', category, bulk: true, quantity: qty, unit, unitPriceFen: price, productionDate: addDays(day, -20), batch: null,
    shelfLifeDays: shelf, destination: 'store', result: 'accepted', refuseReason: null, disposal: null, temperature: null, cert: false,
  });
  for (const { day } of days) {
    const scale = 1;
    if (staplesDays.has(day)) {
      plans.push({ day, hm: '07:40', supplier: 'grain', inspectors: [canteen, second],
        items: STAPLES.map(([n, cat, unit, price, qty, , shelf]) => staple(n, cat, unit, price, Math.round(qty * scale), shelf, day)) });
    }
    if (day === today) {
      if (nowHm >= '07:30') {
        plans.push({ day, hm: '07:10', supplier: 'veg', inspectors: [canteen], items: FRESH.filter((f) => f[2] === 'vegetable').map(([name, , category, price]) => ({
          name, spec: null, category, bulk: false, quantity: Math.round(students * 0.04), unit: 'kg', unitPriceFen: price, productionDate: null, batch: null,
          shelfLifeDays: null, destination: 'kitchen' as const, result: 'accepted' as const, refuseReason: null, disposal: null, temperature: null, cert: false,
        })) });
      }
      continue;
    }
    const fresh = Math.round((budget.get(day) ?? 0) * 0.62);
    const bySupplier = new Map<string, ItemPlan[]>();
    const freshList = FRESH.filter((f) => s.boarding || f[1] !== 'milk');
    const shares = freshList.reduce((a, f) => a + f[4], 0);
    for (const [name, sup, category, price, share, shelf] of freshList) {
      const quantity = Math.round((fresh * share) / shares / price * 10) / 10;
      const refused = day === refusedDay && name === '豆腐';
      const item: ItemPlan = {
        name, spec: sup === 'milk' ? '250ml×24盒/箱 折算 kg' : null, category, bulk: name === '猪肉' || name === '鸡蛋', quantity, unit: 'kg', unitPriceFen: price,
        productionDate: shelf ? addDays(day, -1) : null, batch: shelf ? null : day.replace(/-/g, ''), shelfLifeDays: shelf,
        destination: 'kitchen', result: refused ? 'refused' : 'accepted', refuseReason: refused ? '豆腐有酸味，表面发黏' : null, disposal: refused ? 'returned' : null,
        temperature: name === '猪肉' ? Math.round((2 + random() * 3) * 10) / 10 : name === '牛奶' ? 4.5 : null, cert: name === '猪肉',
      };
      bySupplier.set(sup, [...(bySupplier.get(sup) ?? []), item]);
    }
    for (const [sup, items] of bySupplier) {
      const bulk = items.some((i) => i.bulk);
      plans.push({ day, hm: sup === 'veg' ? '06:50' : sup === 'meat' ? '06:40' : '07:00', supplier: sup, inspectors: bulk ? [canteen, second] : [canteen], items });
    }
  }
  if (!plans.length) return;
  const intakeRows = await tx.insert(canteenIntakes).values(plans.map((p) => {
    const at = zonedTime(p.day, p.hm, TZ);
    const withExpiry = p.items.map((i) => ({ expiresOn: i.productionDate && i.shelfLifeDays ? addDays(i.productionDate, i.shelfLifeDays) : null }));
    return {
      schoolId: s.id, supplierId: supId[p.supplier], receivedAt: at, receivedOn: p.day, inspectorIds: p.inspectors, hasBulk: p.items.some((i) => i.bulk),
      refusedCount: p.items.filter((i) => i.result === 'refused').length, retainUntil: retainUntilOf(p.day, withExpiry), createdBy: canteen, createdAt: at, updatedAt: at,
    };
  })).returning({ id: canteenIntakes.id });
  const intakeIds = intakeRows.map((r) => Number(r.id)).sort((a, b) => a - b);

  // Store use, FIFO over the staples' batches (computed here, so the batches carry their used quantity).
  interface Batch { plan: number; line: number; name: string; price: number; quantity: number; used: number; amount: number; usedAmount: number; day: string }
  const batches: Batch[] = [];
  plans.forEach((p, pi) => p.items.forEach((it, li) => {
    if (it.destination === 'store') batches.push({ plan: pi, line: li, name: it.name, price: it.unitPriceFen, quantity: it.quantity, used: 0, amount: amountOf(it.quantity, it.unitPriceFen), usedAmount: 0, day: p.day });
  }));
  const uses: { plan: number; line: number; day: string; quantity: number; amount: number }[] = [];
  for (const { day } of days) {
    const b = budget.get(day);
    if (!b) continue;
    const store = Math.round(b * 0.38);
    for (const [name, , , price, , share] of STAPLES) {
      let want = Math.round((store * share) / price * 10) / 10;
      for (const batch of batches.filter((x) => x.name === name && x.day <= day)) {
        if (want <= 0) break;
        const left = Math.round((batch.quantity - batch.used) * 1000) / 1000;
        if (left <= 0) continue;
        const q = Math.min(left, want);
        const emptied = q === left;
        const amount = emptied ? batch.amount - batch.usedAmount : amountOf(q, price);
        batch.used = Math.round((batch.used + q) * 1000) / 1000;
        batch.usedAmount += amount;
        want = Math.round((want - q) * 1000) / 1000;
        uses.push({ plan: batch.plan, line: batch.line, day, quantity: q, amount });
      }
    }
  }
  const usedOf = new Map(batches.map((b) => [`${b.plan}:${b.line}`, b.used]));
  const itemRows = await tx.insert(canteenIntakeItems).values(plans.flatMap((p, pi) => p.items.map((it, li) => ({
    schoolId: s.id, intakeId: intakeIds[pi], line: li + 1, receivedOn: p.day, name: it.name, spec: it.spec, category: it.category, bulk: it.bulk,
    quantity: it.quantity, unit: it.unit, unitPriceFen: it.unitPriceFen, amountFen: amountOf(it.quantity, it.unitPriceFen), productionDate: it.productionDate,
    batch: it.batch, shelfLifeDays: it.shelfLifeDays, expiresOn: it.productionDate && it.shelfLifeDays ? addDays(it.productionDate, it.shelfLifeDays) : null,
    temperature: it.temperature, destination: it.destination, result: it.result, refuseReason: it.refuseReason, disposal: it.disposal,
    usedQuantity: usedOf.get(`${pi}:${li}`) ?? 0,
  })))).returning({ id: canteenIntakeItems.id, intakeId: canteenIntakeItems.intakeId, line: canteenIntakeItems.line });
  const itemId = new Map(itemRows.map((r) => [`${intakeIds.indexOf(Number(r.intakeId))}:${Number(r.line) - 1}`, Number(r.id)]));
  if (uses.length) {
    await tx.insert(canteenUsage).values(uses.map((u) => ({
      schoolId: s.id, usedOn: u.day, itemId: itemId.get(`${u.plan}:${u.line}`)!, quantity: u.quantity, amountFen: u.amount, createdBy: canteen,
      createdAt: zonedTime(u.day, '09:30', TZ),
    })));
  }

  // ── Certificates 索证索票: one photo per intake, the quarantine certificate of every meat item, licence scans ──
  plans.forEach((p, pi) => {
    docs.push(doc(ENTITY.intake, intakeIds[pi], `索证索票-${p.day}-${p.supplier}.jpg`));
    p.items.forEach((it, li) => { if (it.cert) docs.push(doc(ENTITY.item, itemId.get(`${pi}:${li}`)!, `动物检疫合格证明-${p.day}.jpg`)); });
  });
  await insertDemoFiles(tx, s.id, canteen, zonedTime(first, '08:00', TZ), docs);
}
