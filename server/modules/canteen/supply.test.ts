import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, uid, type TestApp, type TestClient, type TestSchool, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { findCjkFont } from '../../platform/pdf';
import { readXlsx } from '../../platform/excel';
import sharp from 'sharp';
import { orgModule } from '../org';
import { supplyPart } from './supply.part';
import { runLicenceAlerts } from './supply.suppliers';
import { supplyDay } from './supply.board';

/*
 * Suppliers, intake, retention, usage, meal counts and the month's account through the API, with a
 * controllable clock. "Today" is Friday 20 November 2026, 10:00 in Shanghai.
 */

const START = '2026-11-20T02:00:00Z';
const clock = manualClock(START);

interface World {
  s: TestSchool;
  canteen: TestClient; principal: TestClient; admin: TestClient; teacher: TestClient; accountant: TestClient; inspector: TestClient;
}

let t: TestApp;
let w: World;

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 500)}`).toBe(status);
  return res.json;
}

async function world(): Promise<World> {
  const s = await createTestSchool(t.db);
  const [canteen, principal, admin, teacher, accountant, inspector] = await Promise.all([
    login(t.app, s.users.canteen_manager.username), login(t.app, s.users.principal.username), login(t.app, s.users.admin.username),
    login(t.app, s.users.teacher.username), login(t.app, s.users.accountant.username), login(t.app, s.users.inspector.username),
  ]);
  return { s, canteen, principal, admin, teacher, accountant, inspector };
}

let jpeg: Buffer | undefined;
async function upload(c: TestClient, name: string): Promise<Reply> {
  jpeg ??= await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 190, b: 170 } } }).jpeg().toBuffer();
  const boundary = `----houqin${uid()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`, 'utf8');
  return c.request('POST', '/api/v1/files', Buffer.concat([head, jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
const cert = async (c: TestClient, name = 'ticket') => ok(await upload(c, name), 201).id as string;

const creditCode = () => `91${String(Math.floor(Math.random() * 1e15)).padStart(15, '0')}X`.slice(0, 18);

async function supplier(x: World, extra: Record<string, unknown> = {}): Promise<number> {
  return ok(await x.canteen.post('/api/v1/canteen/suppliers', {
    name: `供应商${uid()}`, address: '青山镇农贸市场 8 号', contact: '王五', phone: '13800000000', creditCode: creditCode(),
    licences: [{ kind: 'food_business', number: 'JY13301010000001', expiresOn: '2027-12-31' }], noIncidentDeclared: true, ...extra,
  }), 201).id as number;
}

const veg = (extra: Record<string, unknown> = {}) => ({ name: '青菜', category: 'vegetable', quantity: 30, unit: 'kg', unitPriceFen: 350, ...extra });

async function intakeBody(x: World, supplierId: number, items: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return { supplierId, items, inspectorIds: [x.s.users.canteen_manager.id], certFileIds: [await cert(x.canteen)], ...extra };
}

const put = (c: TestClient, url: string, body: unknown) => c.request('PUT', url, body);

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'canteen', ...supplyPart }] });
  w = await world();
});
afterAll(async () => t.close());
afterEach(() => clock.set(START));

describe('intake rules', () => {
  it('needs two inspectors for bulk staples, naming the field', async () => {
    const sup = await supplier(w);
    const rice = { name: '东北大米', category: 'grain', quantity: 100, unit: 'kg', unitPriceFen: 520, productionDate: '2026-11-01', shelfLifeDays: 180, destination: 'store' };
    const one = await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [rice, veg()]));
    expect(one.status).toBe(400);
    expect(one.json.error.fields[0].path).toBe('inspectorIds');
    expect(one.json.error.fields[0].message).toContain('东北大米');
    // The recording user counts only when chosen: two others inspect.
    const two = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [rice, veg()], { inspectorIds: [w.s.users.director.id, w.s.users.teacher.id] })), 201);
    expect(two.hasBulk).toBe(true);
    expect(two.items[0].bulk).toBe(true);
    expect(two.inspectorNames).toHaveLength(2);
    // Vegetables alone: one inspector is enough.
    ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [veg()])), 201);
  });

  it('a double-tapped intake is recorded once: its certificate photo can belong to one intake only', async () => {
    const sup = await supplier(w);
    const body = await intakeBody(w, sup, [veg({ name: '双击青菜' })]);
    const [a, b] = await Promise.all([w.canteen.post('/api/v1/canteen/intakes', body), w.canteen.post('/api/v1/canteen/intakes', body)]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    expect((a.status === 400 ? a : b).json.error.fields[0].path).toBe('certFileIds');
    const rows = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM canteen_intake_items WHERE school_id = ${w.s.schoolId} AND name = '双击青菜'`);
    expect(rows[0].n).toBe(1);
  });

  it('refuses an intake from a supplier without a valid licence that day, suspended, or without declaration', async () => {
    const expired = await supplier(w, { licences: [{ kind: 'food_business', number: 'JY1', expiresOn: '2026-11-10' }] });
    const res = await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, expired, [veg()]));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('canteen.supply.supplierLicenceInvalid');
    expect(res.json.error.fields[0].path).toBe('supplierId');
    expect(res.json.error.message).toContain('2026-11-20');
    // On a day the licence was valid, the same supplier's intake is accepted.
    const before = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, expired, [veg()], { receivedAt: '2026-11-05T00:30:00Z' })), 201);
    // Correcting that intake later is not a new delivery: allowed although the licence has expired since.
    const corrected = ok(await put(w.canteen, `/api/v1/canteen/intakes/${before.id}`, {
      supplierId: expired, receivedAt: '2026-11-05T00:30:00Z', inspectorIds: before.inspectorIds, certFileIds: before.certs.map((f: { id: string }) => f.id),
      items: [veg({ id: before.items[0].id, quantity: 28 })], reason: '称重更正', version: before.version,
    }));
    expect(corrected.items[0].amountFen).toBe(9800);
    const detail = ok(await w.canteen.get(`/api/v1/canteen/suppliers/${expired}`));
    expect(detail.licenceState).toBe('expired');
    expect(detail.admissible).toBe(false);

    const suspended = await supplier(w, { status: 'suspended' });
    expect((await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, suspended, [veg()]))).json.error.code).toBe('canteen.supply.supplierSuspended');
    const undeclared = await supplier(w, { noIncidentDeclared: false });
    expect((await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, undeclared, [veg()]))).json.error.code).toBe('canteen.supply.supplierNoDeclaration');
    const incident = await supplier(w, { incidents: [{ occurredOn: '2025-03-01', description: '供应的豆芽检出漂白剂' }] });
    expect((await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, incident, [veg()]))).json.error.code).toBe('canteen.supply.supplierIncident');
  });

  it('checks items: certificates, meat certificate, refusal reason and disposal, expired food', async () => {
    const sup = await supplier(w);
    const noCerts = await w.canteen.post('/api/v1/canteen/intakes', { supplierId: sup, items: [veg()], inspectorIds: [w.s.users.canteen_manager.id] });
    expect(noCerts.json.error.fields[0].path).toBe('certFileIds');
    const pork = { name: '猪肉', category: 'meat', bulk: false, quantity: 20, unit: 'kg', unitPriceFen: 2600, productionDate: '2026-11-19', shelfLifeDays: 3 };
    expect((await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [pork]))).json.error.fields[0].path).toBe('items.0.certFileIds');
    const refused = await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [veg({ result: 'refused' })]));
    expect(refused.json.error.fields[0].path).toBe('items.0.refuseReason');
    const stale = await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [{ name: '酸奶', category: 'dairy', quantity: 10, unit: '箱', unitPriceFen: 3000, productionDate: '2026-11-01', shelfLifeDays: 14 }]));
    expect(stale.json.error.fields[0].path).toBe('items.0.shelfLifeDays');
    const good = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [
      { ...pork, certFileIds: [await cert(w.canteen, 'quarantine')], temperature: 2.5 },
      veg({ name: '豆芽', result: 'refused', refuseReason: '颜色异常发白', disposal: 'returned' }),
    ])), 201);
    expect(good.refusedCount).toBe(1);
    expect(good.items[0].certs).toHaveLength(1);
    expect(good.items[0].amountFen).toBe(52000);
    expect(good.items[0].expiresOn).toBe('2026-11-22');
    const listed = ok(await w.canteen.get(`/api/v1/canteen/intakes?refused=true&supplierId=${sup}`));
    expect(listed.items.map((i: { id: number }) => i.id)).toEqual([good.id]);
    expect(listed.items[0]).toMatchObject({ itemCount: 2, acceptedCount: 1, refusedCount: 1, acceptedAmountFen: 52000, inspectorNames: [expect.any(String)] });
  });
});

describe('retention', () => {
  it('keeps an intake with shelf-life items until 6 months after the latest expiry', async () => {
    const sup = await supplier(w);
    const oil = { name: '花生油', category: 'oil', bulk: false, quantity: 4, unit: '桶', unitPriceFen: 12000, productionDate: '2026-10-01', shelfLifeDays: 540, destination: 'store' };
    const milk = { name: '牛奶', category: 'dairy', quantity: 10, unit: '箱', unitPriceFen: 4800, productionDate: '2026-11-18', shelfLifeDays: 30 };
    const made = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [milk, oil])), 201);
    // oil: 2026-10-01 + 540 days = 2028-03-24 → kept until 2028-09-24.
    expect(made.retainUntil).toBe('2028-09-24');
    const early = await w.canteen.request('DELETE', `/api/v1/canteen/intakes/${made.id}?version=${made.version}`);
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('canteen.supply.intakeRetained');
    expect(early.json.error.message).toContain('2028-09-24');
    clock.set('2028-09-23T15:00:00Z'); // 23:00 on the 23rd in Shanghai: one hour short
    expect((await w.canteen.request('DELETE', `/api/v1/canteen/intakes/${made.id}?version=${made.version}`)).status).toBe(409);
    expect((await w.teacher.request('DELETE', `/api/v1/canteen/intakes/${made.id}?version=${made.version}`)).status).toBe(403);
    clock.set('2028-09-23T16:00:00Z'); // midnight: the 24th
    expect((await w.canteen.request('DELETE', `/api/v1/canteen/intakes/${made.id}?version=${made.version}`)).status).toBe(204);
    expect((await w.canteen.get(`/api/v1/canteen/intakes/${made.id}`)).status).toBe(404);
    const audit = await rowsOf<{ action: string }>(t.db, sql`SELECT action FROM audit_log WHERE school_id = ${w.s.schoolId} AND entity = 'canteenIntake' AND entity_id = ${String(made.id)} ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it('keeps an intake with an item without shelf life for 2 years', async () => {
    const sup = await supplier(w);
    const made = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [veg(), { name: '盐', category: 'condiment', quantity: 5, unit: '袋', unitPriceFen: 300, productionDate: '2026-09-01', shelfLifeDays: 30 * 36 }])), 201);
    // salt: 2026-09-01 + 1080 days = 2029-08-16 → + 6 months = 2030-02-16, later than 2 years after intake.
    expect(made.retainUntil).toBe('2030-02-16');
    const vegOnly = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [veg()])), 201);
    expect(vegOnly.retainUntil).toBe('2028-11-20');
    clock.set('2028-11-19T04:00:00Z');
    const early = await w.principal.request('DELETE', `/api/v1/canteen/intakes/${vegOnly.id}?version=${vegOnly.version}`);
    expect(early.status).toBe(409);
    expect(early.json.error.message).toContain('2028-11-20');
    clock.set('2028-11-20T04:00:00Z');
    expect((await w.principal.request('DELETE', `/api/v1/canteen/intakes/${vegOnly.id}?version=${vegOnly.version}`)).status).toBe(204);
  });
});

describe('corrections and usage', () => {
  it('corrects an intake with version and reason; used store stock is protected; usage cannot exceed stock', async () => {
    const sup = await supplier(w);
    const flour = { name: '面粉', category: 'grain', quantity: 50, unit: 'kg', unitPriceFen: 420, productionDate: '2026-11-01', shelfLifeDays: 180, destination: 'store' };
    const two = [w.s.users.canteen_manager.id, w.s.users.director.id];
    const made = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [flour], { inspectorIds: two })), 201);
    const itemId = made.items[0].id;
    const batches = ok(await w.canteen.get('/api/v1/canteen/intakes/store-batches?q=面粉'));
    expect(batches.items.find((b: { itemId: number }) => b.itemId === itemId).remaining).toBe(50);
    const tooMuch = await w.canteen.post('/api/v1/canteen/usage', { usedOn: '2026-11-20', itemId, quantity: 50.5 });
    expect(tooMuch.json.error.fields[0].path).toBe('quantity');
    ok(await w.canteen.post('/api/v1/canteen/usage', { usedOn: '2026-11-20', itemId, quantity: 20 }), 201);
    const certs = made.certs.map((f: { id: string }) => f.id);
    const body = { supplierId: sup, inspectorIds: two, certFileIds: certs, items: [{ ...flour, id: itemId, quantity: 10 }], reason: '数量录错', version: made.version };
    expect((await put(w.canteen, `/api/v1/canteen/intakes/${made.id}`, body)).status).toBe(409); // below the 20 kg used
    const fixed = ok(await put(w.canteen, `/api/v1/canteen/intakes/${made.id}`, { ...body, items: [{ ...flour, id: itemId, quantity: 45 }] }));
    expect(fixed.items[0].quantity).toBe(45);
    expect(fixed.version).toBe(made.version + 1);
    expect((await put(w.canteen, `/api/v1/canteen/intakes/${made.id}`, { ...body, items: [{ ...flour, id: itemId, quantity: 45 }] })).status).toBe(409); // stale version
    // The last 25 kg take the rest of the batch's amount: 45 × 4.20 = 189.00 yuan in all.
    ok(await w.canteen.post('/api/v1/canteen/usage', { usedOn: '2026-11-20', itemId, quantity: 25 }), 201);
    const used = ok(await w.canteen.get('/api/v1/canteen/usage?from=2026-11-20&to=2026-11-20'));
    const mine = used.items.filter((u: { itemId: number }) => u.itemId === itemId);
    expect(mine.reduce((a: number, u: { amountFen: number }) => a + u.amountFen, 0)).toBe(18900);
  });
});

describe('meal counts', () => {
  it('a concurrent double submit gives one row', async () => {
    const body = { date: '2026-11-19', meal: 'lunch', students: 590, staff: 45 };
    const [a, b] = await Promise.all([put(w.canteen, '/api/v1/canteen/meal-counts', body), put(w.canteen, '/api/v1/canteen/meal-counts', body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [c, d] = await Promise.all([
      put(w.canteen, '/api/v1/canteen/meal-counts', { ...body, meal: 'dinner' }),
      put(w.canteen, '/api/v1/canteen/meal-counts', { ...body, meal: 'dinner', students: 400 }),
    ]);
    expect([c.status, d.status].sort()).toEqual([201, 409]);
    const rows = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM canteen_meal_counts WHERE school_id = ${w.s.schoolId} AND date = '2026-11-19'`);
    expect(rows[0].n).toBe(2);
    const row = a.status === 201 ? a.json : b.json;
    const edited = ok(await put(w.canteen, '/api/v1/canteen/meal-counts', { ...body, students: 592, version: row.version }));
    expect(edited.version).toBe(row.version + 1);
    expect((await put(w.canteen, '/api/v1/canteen/meal-counts', { ...body, students: 593, version: row.version })).status).toBe(409);
    expect((await put(w.canteen, '/api/v1/canteen/meal-counts', { ...body, date: '2026-11-21' })).json.error.fields[0].path).toBe('date');
  });
});

describe('the month\'s account', () => {
  it('computes cost per meal and per student-day of a known month in exact fen, and flags the margin', async () => {
    const x = await world();
    const sup = await supplier(x);
    const two = [x.s.users.canteen_manager.id, x.s.users.director.id];
    const day1 = ok(await x.canteen.post('/api/v1/canteen/intakes', await intakeBody(x, sup, [
      { name: '大米', category: 'grain', quantity: 100, unit: 'kg', unitPriceFen: 520, productionDate: '2026-09-20', shelfLifeDays: 365, destination: 'store' },
      veg(),
      { name: '猪肉', category: 'meat', quantity: 20, unit: 'kg', unitPriceFen: 2600, productionDate: '2026-10-07', shelfLifeDays: 3, certFileIds: [await cert(x.canteen, 'q')] },
      { name: '豆腐', category: 'bean', quantity: 10, unit: 'kg', unitPriceFen: 300, batch: 'B1008', result: 'refused', refuseReason: '有酸味', disposal: 'destroyed' },
    ], { inspectorIds: two, receivedAt: '2026-10-08T22:30:00Z' })), 201); // 06:30 on 9 Oct in Shanghai? no: 22:30Z on the 8th is 06:30 on the 9th
    expect(day1.receivedOn).toBe('2026-10-09');
    // Record on the 8th properly (06:30 Shanghai = 22:30Z the day before).
    const d8 = ok(await x.canteen.post('/api/v1/canteen/intakes', await intakeBody(x, sup, [
      { name: '大米', category: 'grain', quantity: 100, unit: 'kg', unitPriceFen: 520, productionDate: '2026-09-20', shelfLifeDays: 365, destination: 'store' },
      veg(),
      { name: '猪肉', category: 'meat', quantity: 20, unit: 'kg', unitPriceFen: 2600, productionDate: '2026-10-07', shelfLifeDays: 3, certFileIds: [await cert(x.canteen, 'q2')] },
    ], { inspectorIds: two, receivedAt: '2026-10-07T22:30:00Z' })), 201);
    expect(d8.receivedOn).toBe('2026-10-08');
    // The 9th's intake above is corrected down to cabbage only (the wrong entry withdrawn by correction).
    ok(await put(x.canteen, `/api/v1/canteen/intakes/${day1.id}`, {
      supplierId: sup, inspectorIds: two, certFileIds: day1.certs.map((f: { id: string }) => f.id), receivedAt: '2026-10-08T22:30:00Z',
      items: [{ name: '白菜', category: 'vegetable', quantity: 25.5, unit: 'kg', unitPriceFen: 240 }], reason: '录入错误', version: day1.version,
    }));
    const rice = d8.items[0].id;
    ok(await x.canteen.post('/api/v1/canteen/usage', { usedOn: '2026-10-08', itemId: rice, quantity: 40 }), 201);
    ok(await x.canteen.post('/api/v1/canteen/usage', { usedOn: '2026-10-09', itemId: rice, quantity: 35.5 }), 201);
    const counts: [string, string, number, number][] = [
      ['2026-10-08', 'breakfast', 400, 20], ['2026-10-08', 'lunch', 600, 50], ['2026-10-08', 'dinner', 400, 20],
      ['2026-10-09', 'breakfast', 390, 20], ['2026-10-09', 'lunch', 590, 48], ['2026-10-09', 'dinner', 390, 18],
    ];
    for (const [date, meal, students, staff] of counts) ok(await put(x.canteen, '/api/v1/canteen/meal-counts', { date, meal, students, staff }), 201);

    const m = ok(await x.accountant.get('/api/v1/canteen/costs/months/2026-10'));
    expect(m.days).toHaveLength(31);
    const d = (day: string) => m.days.find((r: { date: string }) => r.date === day);
    // 8th: vegetables 30 × 3.50 = 105.00 + pork 20 × 26.00 = 520.00 to the kitchen; rice 40 × 5.20 = 208.00 used.
    expect(d('2026-10-08')).toMatchObject({ kitchenFen: 62500, usageFen: 20800, costFen: 83300, students: 1400, staff: 90, meals: 1490, studentDays: 600, perMealFen: 56 });
    // 9th: cabbage 25.5 × 2.40 = 61.20; rice 35.5 × 5.20 = 184.60.
    expect(d('2026-10-09')).toMatchObject({ kitchenFen: 6120, usageFen: 18460, costFen: 24580, meals: 1456, studentDays: 590 });
    expect(m.totals).toEqual({
      students: 2770, staff: 176, meals: 2946, studentDays: 1190, kitchenFen: 68620, usageFen: 39260, costFen: 107880,
      perMealFen: 37, // 107880 / 2946 = 36.62
      studentCostFen: 101435, // 107880 × 2770 / 2946 = 101435.03
      perStudentDayFen: 85, // 101435 / 1190 = 85.24
    });
    // Fees from the default prices: students 3/6/5 yuan, staff 4/8/7 yuan.
    expect(m.income).toMatchObject({ source: 'prices', incomeFen: 1467000, fromPricesFen: 1467000, enteredFen: null });
    expect(m.overLimit).toBe(true);

    // The month's actual fee income entered: 1120.00 yuan → surplus 41.20, margin 3.68 % (under 5 %).
    const entered = ok(await put(x.accountant, '/api/v1/canteen/costs/months/2026-10/income', { incomeFen: 112000 }));
    expect(entered).toMatchObject({ surplusFen: 4120, marginPercent: 3.68, overLimit: false, deficit: false, income: { source: 'entered', incomeFen: 112000 } });
    const over = ok(await put(x.accountant, '/api/v1/canteen/costs/months/2026-10/income', { incomeFen: 115000, version: entered.income.enteredVersion }));
    expect(over).toMatchObject({ surplusFen: 7120, marginPercent: 6.19, overLimit: true });
    ok(await x.admin.patch('/api/v1/settings/canteenSupply', { values: { marginLimitPercent: 7 } }));
    expect(ok(await x.principal.get('/api/v1/canteen/costs/months/2026-10'))).toMatchObject({ marginLimitPercent: 7, overLimit: false });
    const loss = ok(await put(x.accountant, '/api/v1/canteen/costs/months/2026-10/income', { incomeFen: 100000, version: over.income.enteredVersion }));
    expect(loss).toMatchObject({ surplusFen: -7880, deficit: true, overLimit: false });

    const xlsx = await x.accountant.get('/api/v1/canteen/costs/months/2026-10/export.xlsx');
    expect(xlsx.status).toBe(200);
    const sheet = await readXlsx(xlsx.raw, 100);
    expect(sheet.rows.find((r) => r.cells['日期'] === '2026-10-08')?.cells['食材成本（元）']).toBe('833.00');
    if (findCjkFont()) {
      const pdf = await x.accountant.get('/api/v1/canteen/costs/months/2026-10/export.pdf');
      expect(pdf.status).toBe(200);
      expect(pdf.raw.subarray(0, 4).toString()).toBe('%PDF');
    }
    const board = await supplyDay(t.db, x.s.schoolId, '2026-10-08', clock.now());
    expect(board).toMatchObject({ intakes: 1, accepted: 3, refused: 0, meals: { students: 600, staff: 50 } });
  });
});

describe('licence alerts', () => {
  it('notifies once per licence expiry within the alert days, again after renewal', async () => {
    const x = await world();
    const sup = await supplier(x, { licences: [{ kind: 'food_business', number: 'JY-SOON', expiresOn: '2026-12-10' }, { kind: 'business_licence', number: 'YY-LATER', expiresOn: '2027-12-10' }] });
    const count = async () => (await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM notifications WHERE school_id = ${x.s.schoolId} AND kind = 'canteen.supply.notify.licenceExpiring'`))[0].n;
    expect(await runLicenceAlerts(t.db, clock, { schoolId: x.s.schoolId })).toBe(1);
    expect(await count()).toBe(2); // the canteen manager and the principal
    expect(await runLicenceAlerts(t.db, clock, { schoolId: x.s.schoolId })).toBe(0);
    const list = ok(await x.canteen.get('/api/v1/canteen/suppliers?licenceState=expiring'));
    expect(list.items.map((s: { id: number }) => s.id)).toEqual([sup]);
    const day = await supplyDay(t.db, x.s.schoolId, '2026-11-20', clock.now());
    expect(day.licences.expiring.map((l) => l.expiresOn)).toEqual(['2026-12-10']);
    // Renewed: a new expiry is alerted again when its time comes.
    const detail = ok(await x.canteen.get(`/api/v1/canteen/suppliers/${sup}`));
    const soon = detail.licences.find((l: { number: string }) => l.number === 'JY-SOON');
    ok(await x.canteen.patch(`/api/v1/canteen/suppliers/${sup}`, { version: detail.version, licences: detail.licences.map((l: { id: number; kind: string; number: string; expiresOn: string }) => ({ id: l.id, kind: l.kind, number: l.number, expiresOn: l.id === soon.id ? '2031-12-10' : l.expiresOn })) }));
    expect(await runLicenceAlerts(t.db, clock, { schoolId: x.s.schoolId })).toBe(0);
    clock.set('2031-11-20T02:00:00Z');
    expect(await runLicenceAlerts(t.db, clock, { schoolId: x.s.schoolId })).toBe(2); // the business licence expired long ago, the renewed one now due
  });
});

describe('permissions', () => {
  it('the canteen manager writes, leaders and the accountant read, others are refused, the inspector reads only', async () => {
    const sup = await supplier(w);
    expect((await w.teacher.get('/api/v1/canteen/suppliers')).status).toBe(403);
    expect((await w.teacher.get('/api/v1/canteen/costs/months/2026-11')).status).toBe(403);
    expect((await w.principal.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [veg()]))).status).toBe(403);
    expect((await w.accountant.post('/api/v1/canteen/suppliers', {})).status).toBe(403);
    expect((await put(w.principal, '/api/v1/canteen/meal-counts', { date: '2026-11-19', meal: 'breakfast', students: 1, staff: 1 })).status).toBe(403);
    ok(await w.principal.get('/api/v1/canteen/intakes'));
    ok(await w.accountant.get('/api/v1/canteen/costs/months/2026-11'));
    ok(await w.inspector.get(`/api/v1/canteen/costs/months/2026-11?schoolId=${w.s.schoolId}`));
    const ro = await w.inspector.post('/api/v1/canteen/usage', { usedOn: '2026-11-20', itemId: 1, quantity: 1 });
    expect(ro.status).toBe(403);
    // Another school's intake is not found.
    const other = await world();
    const mine = ok(await w.canteen.post('/api/v1/canteen/intakes', await intakeBody(w, sup, [veg()])), 201);
    expect((await other.canteen.get(`/api/v1/canteen/intakes/${mine.id}`)).status).toBe(404);
    expect((await other.canteen.post('/api/v1/canteen/intakes', await intakeBody(other, sup, [veg()]))).json.error.fields[0].path).toBe('supplierId');
  });
});
