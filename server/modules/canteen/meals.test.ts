import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, anonymous, type TestApp, type TestClient, type TestSchool, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { runDueSchedules } from '../../platform/schedules';
import { orgModule } from '../org';
import { mealsPart } from './meals.part';
import { rotaHandler } from './meals.accompanied';
import { ROTA_OWNER } from './meals.common';

/*
 * Dishes, banned list, weekly menus and the public page, samples (125 g, 48 h, one per dish), accompanied
 * meals and the rota, flags by the clock, the board's green. "Now" starts on Monday 16 November 2026,
 * 08:00 in Shanghai; the week's menu has lunch Monday–Friday and dinner on Sunday 22 November.
 */

const clock = manualClock('2026-11-16T00:00:00Z'); // 08:00 Asia/Shanghai
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);

let t: TestApp;
let s: TestSchool;
let other: TestSchool;
let cm: TestClient; let principal: TestClient; let vice: TestClient; let director: TestClient; let admin: TestClient; let teacher: TestClient; let inspector: TestClient;
let otherCm: TestClient;
const dish: Record<string, number> = {};
let menuId = 0;
let cabinetId = 0;

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 400)}`).toBe(status);
  return res.json;
}

const dishBody = (name: string, category: string, ingredients: { name: string; grams: number }[], energyKcal = 200, priceFen = 150) =>
  ({ name, category, ingredients, energyKcal, proteinG: 8.5, fatG: 6, carbG: 20, priceFen });

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'canteen', ...mealsPart }] });
  s = await createTestSchool(t.db);
  other = await createTestSchool(t.db, { districtId: s.districtId, bureauId: s.bureauId });
  [cm, principal, vice, director, admin, teacher, inspector, otherCm] = await Promise.all([
    login(t.app, s.users.canteen_manager.username), login(t.app, s.users.principal.username), login(t.app, s.users.vice_principal.username),
    login(t.app, s.users.director.username), login(t.app, s.users.admin.username), login(t.app, s.users.teacher.username),
    login(t.app, s.users.inspector.username), login(t.app, other.users.canteen_manager.username),
  ]);
  cabinetId = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, code: 'LY', name: '留样间', type: 'canteen' }), 201).id;
  for (const [key, body] of Object.entries({
    rice: dishBody('米饭', 'staple', [{ name: '大米', grams: 150 }]),
    pork: dishBody('红烧肉', 'meat', [{ name: '五花肉', grams: 80 }, { name: '酱油', grams: 5 }], 380, 500),
    egg: dishBody('番茄炒蛋', 'egg_tofu', [{ name: '番茄', grams: 100 }, { name: '鸡蛋', grams: 60 }]),
    beans: dishBody('干煸豆', 'vegetable', [{ name: '四季豆', grams: 120 }]),
    salad: dishBody('凉拌芸豆', 'vegetable', [{ name: '芸豆', grams: 100 }]),
    soup: dishBody('紫菜蛋花汤', 'soup', [{ name: '紫菜', grams: 5 }, { name: '鸡蛋', grams: 20 }], 40, 0),
  })) dish[key] = ok(await cm.post('/api/v1/canteen/dishes', body), 201).id;
});
afterAll(async () => t.close());

describe('dishes and the banned list', () => {
  it('flags a dish whose ingredient is banned; the school extends the list', async () => {
    const list = ok(await cm.get('/api/v1/canteen/dishes?limit=50'));
    const byName = new Map(list.items.map((d: { name: string; banned: string | null }) => [d.name, d.banned]));
    expect(byName.get('干煸豆')).toBe('四季豆');
    expect(byName.get('凉拌芸豆')).toBeNull(); // only the listed words match
    expect(byName.get('红烧肉')).toBeNull();
    const settings = ok(await admin.get('/api/v1/settings/canteenMeals'));
    ok(await admin.patch('/api/v1/settings/canteenMeals', { values: { bannedExtra: ['芸豆'], defaultCabinetLocationId: cabinetId }, version: settings.version }));
    const after = ok(await cm.get(`/api/v1/canteen/dishes/${dish.salad}`));
    expect(after.banned).toBe('芸豆');
    const banned = ok(await cm.get('/api/v1/canteen/dishes?banned=true'));
    expect(banned.items.map((d: { name: string }) => d.name).sort()).toEqual(['凉拌芸豆', '干煸豆']);
  });

  it('refuses to lower the national minimums in settings', async () => {
    const cur = ok(await admin.get('/api/v1/settings/canteenMeals'));
    const res = await admin.patch('/api/v1/settings/canteenMeals', { values: { sampleMinGrams: 100 }, version: cur.version });
    expect(res.status).toBe(400);
    const res2 = await admin.patch('/api/v1/settings/canteenMeals', { values: { sampleKeepHours: 24 }, version: cur.version });
    expect(res2.status).toBe(400);
  });
});

describe('weekly menus and the public page', () => {
  it('refuses a banned dish on a menu, naming the dish and the banned item', async () => {
    const res = await cm.post('/api/v1/canteen/menus', { weekStart: '2026-11-16', meals: [{ day: '2026-11-16', meal: 'lunch', dishIds: [dish.rice, dish.beans] }] });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('canteen.meals.dishBanned');
    expect(res.json.error.message).toContain('四季豆');
    expect(res.json.error.message).toContain('干煸豆');
    expect(res.json.error.fields[0].path).toBe('meals.0.dishIds.1');
    const ext = await cm.post('/api/v1/canteen/menus', { weekStart: '2026-11-16', meals: [{ day: '2026-11-16', meal: 'lunch', dishIds: [dish.salad] }] });
    expect(ext.json.error.message).toContain('芸豆');
    const notMonday = await cm.post('/api/v1/canteen/menus', { weekStart: '2026-11-17', meals: [] });
    expect(notMonday.json.error.fields[0].path).toBe('weekStart');
  });

  it('creates, publishes and freezes a public snapshot without personal data', async () => {
    const lunch = (day: string) => ({ day, meal: 'lunch', dishIds: [dish.rice, dish.pork, dish.egg, dish.soup], priceFen: 800 });
    const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
    const menu = ok(await cm.post('/api/v1/canteen/menus', { weekStart: '2026-11-16', meals: [...days.map(lunch), { day: '2026-11-22', meal: 'dinner', dishIds: [dish.rice, dish.egg], priceFen: 500 }] }), 201);
    menuId = menu.id;
    expect(menu.status).toBe('draft');
    expect(menu.meals[0].nutrition.energyKcal).toBe(200 + 380 + 200 + 40);
    expect(ok(await teacher.get('/api/v1/canteen/menus/week?week=2026-11-18')).menu.id).toBe(menuId);
    const anon = anonymous(t.app);
    expect((await anon.get(`/api/v1/public/schools/${s.code}/canteen`)).status).toBe(404);
    const pub = ok(await cm.post(`/api/v1/canteen/menus/${menuId}/publish`, { version: menu.version }));
    expect(pub.status).toBe('published');
    const page = await anon.get(`/api/v1/public/schools/${s.code}/canteen`);
    expect(page.status).toBe(200);
    expect(page.json.weekStart).toBe('2026-11-16');
    expect(page.json.meals[0].dishes.map((d: { name: string }) => d.name)).toEqual(['米饭', '红烧肉', '番茄炒蛋', '紫菜蛋花汤']);
    expect(page.json.meals[0].priceFen).toBe(800);
    // No personal data: no names or ids of people, no usernames, no record ids.
    const body = page.body;
    for (const u of Object.values(s.users)) { expect(body).not.toContain(u.username); }
    for (const role of ['canteen_manager', 'principal', 'director']) expect(body).not.toContain(`${role} ${s.code}`);
    expect(body).not.toMatch(/"(id|userId|publishedBy|createdBy|samplerId|leaderId)"/);
  });

  it('refuses changing a served meal that is over, allows later ones (new snapshot)', async () => {
    clock.set(at('2026-11-17', '13:00'));
    const cur = ok(await cm.get(`/api/v1/canteen/menus/${menuId}`));
    const meals = cur.meals.map((m: { day: string; meal: string; priceFen: number | null; dishes: { id: number }[] }) => ({ day: m.day, meal: m.meal, priceFen: m.priceFen, dishIds: m.dishes.map((d) => d.id) }));
    const past = structuredClone(meals); past[0].dishIds = [dish.rice, dish.egg];
    const res = await cm.request('PUT', `/api/v1/canteen/menus/${menuId}`, { meals: past, version: cur.version });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('canteen.meals.mealPast');
    const future = structuredClone(meals); future[3].priceFen = 850;
    const upd = ok(await cm.request('PUT', `/api/v1/canteen/menus/${menuId}`, { meals: future, version: cur.version }));
    expect(upd.history[0].action).toBe('updatePublished');
    const page = ok(await anonymous(t.app).get(`/api/v1/public/schools/${s.code}/canteen`));
    expect(page.meals[3].priceFen).toBe(850);
    clock.set(at('2026-11-16', '08:00'));
  });
});

describe('food samples', () => {
  it('refuses below 125 g naming weightGrams, accepts 125 g', async () => {
    clock.set(at('2026-11-16', '11:45'));
    const light = await cm.post('/api/v1/canteen/samples', { day: '2026-11-16', meal: 'lunch', dishId: dish.rice, weightGrams: 124 });
    expect(light.status).toBe(400);
    expect(light.json.error.fields[0].path).toBe('weightGrams');
    expect(light.json.error.message).toContain('125');
    const okRes = ok(await cm.post('/api/v1/canteen/samples', { day: '2026-11-16', meal: 'lunch', dishId: dish.rice, weightGrams: 125 }), 201);
    expect(okRes.cabinet).toBe('留样间'); // the default cabinet from settings
    expect(okRes.samplerName).toBe(`canteen_manager ${s.code}`);
    const notServed = await cm.post('/api/v1/canteen/samples', { day: '2026-11-16', meal: 'dinner', dishId: dish.rice, weightGrams: 150 });
    expect(notServed.json.error.fields[0].path).toBe('dishId');
  });

  it('a double click gives one row', async () => {
    const body = { day: '2026-11-16', meal: 'lunch', dishId: dish.pork, weightGrams: 150 };
    const [a, b] = await Promise.all([cm.post('/api/v1/canteen/samples', body), cm.post('/api/v1/canteen/samples', body)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const [{ n }] = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM canteen_samples WHERE school_id = ${s.schoolId} AND dish_id = ${dish.pork}`);
    expect(Number(n)).toBe(1);
  });

  it('refuses disposal before 48 h, naming when it is allowed; records the disposal', async () => {
    const list = ok(await cm.get('/api/v1/canteen/samples?meal=lunch'));
    const rice = list.items.find((x: { dishId: number }) => x.dishId === dish.rice);
    const early = await cm.post(`/api/v1/canteen/samples/${rice.id}/dispose`);
    expect(early.status).toBe(409);
    expect(early.json.error.message).toContain('2026-11-18 11:45');
    clock.set(new Date(new Date(rice.sampledAt).getTime() + 48 * 3600_000 - 60_000));
    expect((await cm.post(`/api/v1/canteen/samples/${rice.id}/dispose`)).status).toBe(409);
    clock.set(new Date(new Date(rice.sampledAt).getTime() + 48 * 3600_000));
    const done = ok(await cm.post(`/api/v1/canteen/samples/${rice.id}/dispose`));
    expect(done.disposedAt).toBe(clock.now().toISOString());
    expect(done.disposedByName).toBe(`canteen_manager ${s.code}`);
    expect((await cm.post(`/api/v1/canteen/samples/${rice.id}/dispose`)).status).toBe(409);
  });
});

describe('flags by the clock, accompanied meals and the board', () => {
  it('flags missing samples and 陪餐 only after the meal ends', async () => {
    clock.set(at('2026-11-17', '12:39'));
    let flags = ok(await cm.get('/api/v1/canteen/flags?from=2026-11-17&to=2026-11-17'));
    expect(flags.items).toEqual([]);
    clock.set(at('2026-11-17', '12:40'));
    flags = ok(await cm.get('/api/v1/canteen/flags?from=2026-11-17&to=2026-11-17'));
    expect(flags.items.filter((f: { kind: string }) => f.kind === 'missingSample')).toHaveLength(4);
    expect(flags.items.filter((f: { kind: string }) => f.kind === 'missingAccompany')).toHaveLength(1);
    // Monday: two dishes sampled, two missing, none accompanied.
    const mon = ok(await director.get('/api/v1/canteen/flags?from=2026-11-16&to=2026-11-16'));
    expect(mon.items.map((f: { dishName: string | null }) => f.dishName).sort()).toEqual([null, '番茄炒蛋', '紫菜蛋花汤'].sort());
  });

  it('records accompanied meals: a leader, a parent; refuses a non-leader', async () => {
    ok(await principal.post('/api/v1/canteen/accompanied-meals', { day: '2026-11-17', meal: 'lunch', personKind: 'leader', ratingQuality: 5, ratingQuantity: 4, ratingHygiene: 5, ratingPrice: 4 }), 201);
    const notLeader = await cm.post('/api/v1/canteen/accompanied-meals', { day: '2026-11-17', meal: 'lunch', personKind: 'leader', leaderId: s.users.teacher.id, ratingQuality: 5, ratingQuantity: 4, ratingHygiene: 5, ratingPrice: 4 });
    expect(notLeader.json.error.fields[0].path).toBe('leaderId');
    const parent = ok(await cm.post('/api/v1/canteen/accompanied-meals', {
      day: '2026-11-17', meal: 'lunch', personKind: 'parent', parentName: '王家长', dishIds: [dish.pork], ratingQuality: 4, ratingQuantity: 3, ratingHygiene: 5, ratingPrice: 3,
      problems: '红烧肉偏咸', followUp: '与厨师长沟通减盐', followUpById: s.users.director.id,
    }), 201);
    expect(parent.followUpState).toBe('open');
    expect(parent.dishes).toEqual([{ id: dish.pork, name: '红烧肉' }]);
    const dupe = await principal.post('/api/v1/canteen/accompanied-meals', { day: '2026-11-17', meal: 'lunch', personKind: 'leader', ratingQuality: 5, ratingQuantity: 4, ratingHygiene: 5, ratingPrice: 4 });
    expect(dupe.status).toBe(409);
    const closed = ok(await director.post(`/api/v1/canteen/accompanied-meals/${parent.id}/close-follow-up`, { followUpResult: '已减盐', version: parent.version }));
    expect(closed.followUpState).toBe('closed');
    const flags = ok(await cm.get('/api/v1/canteen/flags?from=2026-11-17&to=2026-11-17'));
    expect(flags.items.filter((f: { kind: string }) => f.kind === 'missingAccompany')).toHaveLength(0);
  });

  it('exports the samples and the accompanied meals as .xlsx, with the list\'s filters', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const rowsOfSheet = async (path: string) => {
      const res = await director.get(path);
      expect(res.status, res.body.slice(0, 300)).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
      const out: string[][] = [];
      wb.worksheets[0].eachRow((row) => out.push(Array.from(row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
      return out;
    };
    const samples = await rowsOfSheet('/api/v1/canteen/samples/export.xlsx?from=2026-11-16&to=2026-11-22');
    const listed = ok(await director.get('/api/v1/canteen/samples?from=2026-11-16&to=2026-11-22&limit=200')).items;
    expect(samples[0].slice(0, 4)).toEqual(['日期', '餐次', '菜品', '留样量（克）']);
    expect(samples).toHaveLength(listed.length + 1);
    expect(samples.slice(1).map((r) => r[2]).sort()).toEqual(listed.map((x: { dishName: string }) => x.dishName).sort());
    const meals = await rowsOfSheet('/api/v1/canteen/accompanied-meals/export.xlsx?from=2026-11-17&to=2026-11-17');
    expect(meals).toHaveLength(3);
    expect(meals.slice(1).map((r) => [r[0], r[1]])).toEqual([['2026-11-17', '午餐'], ['2026-11-17', '午餐']]);
    expect(meals.slice(1).find((r) => r[3] === '家长')).toEqual(expect.arrayContaining(['王家长', '红烧肉', '红烧肉偏咸', '已关闭', '已减盐']));
    expect((await teacher.get('/api/v1/canteen/samples/export.xlsx')).status).toBe(403);
  });

  it('the board is green only when every served dish is sampled and every meal accompanied', async () => {
    // Sunday 22 November: dinner only (boarders return); not a staff service day by default.
    clock.set(at('2026-11-22', '17:00'));
    let board = ok(await cm.get('/api/v1/canteen/board?date=2026-11-22'));
    expect(board.meals.map((m: { meal: string }) => m.meal)).toEqual(['dinner']);
    expect(board.meals[0].missing).toBe(2);
    expect(board.flags).toEqual([]);
    expect(board.green).toBe(false);
    for (const d of [dish.rice, dish.egg]) ok(await cm.post('/api/v1/canteen/samples', { day: '2026-11-22', meal: 'dinner', dishId: d, weightGrams: 130 }), 201);
    board = ok(await cm.get('/api/v1/canteen/board'));
    expect(board.date).toBe('2026-11-22');
    expect(board.status.samples).toBe(true);
    expect(board.green).toBe(false); // not accompanied yet
    clock.set(at('2026-11-22', '18:31'));
    board = ok(await principal.get('/api/v1/canteen/board'));
    expect(board.flags.map((f: { kind: string }) => f.kind)).toEqual(['missingAccompany']);
    ok(await vice.post('/api/v1/canteen/accompanied-meals', { day: '2026-11-22', meal: 'dinner', personKind: 'leader', ratingQuality: 4, ratingQuantity: 4, ratingHygiene: 4, ratingPrice: 4 }), 201);
    board = ok(await principal.get('/api/v1/canteen/board'));
    expect(board.flags).toEqual([]);
    expect(board.status.checks).toBe(true);
    expect(board.green).toBe(true);
  });

  it('the rota creates a task for the leader on their day, completed by recording the meal', async () => {
    clock.set(at('2026-11-18', '04:00'));
    const rota = ok(await admin.post('/api/v1/canteen/rota', { leaderId: s.users.director.id, meal: 'lunch', weekdays: [3, 4] }), 201);
    expect(rota.upcoming.find((u: { day: string }) => u.day === '2026-11-18').leaders[0].leaderId).toBe(s.users.director.id);
    clock.set(at('2026-11-18', '05:01'));
    expect(await runDueSchedules(t.db, clock, { [ROTA_OWNER]: rotaHandler }, { schoolId: s.schoolId })).toBe(1);
    const mine = ok(await director.get('/api/v1/tasks/mine'));
    const task = mine.items.find((x: { link: string }) => x.link.includes('2026-11-18'));
    expect(task).toBeTruthy();
    clock.set(at('2026-11-18', '12:10'));
    ok(await director.post('/api/v1/canteen/accompanied-meals', { day: '2026-11-18', meal: 'lunch', personKind: 'leader', ratingQuality: 4, ratingQuantity: 4, ratingHygiene: 4, ratingPrice: 4 }), 201);
    const after = ok(await director.get('/api/v1/tasks/mine'));
    expect(after.items.find((x: { link: string }) => x.link.includes('2026-11-18'))).toBeUndefined();
  });
});

describe('permissions and schools', () => {
  it('only the canteen roles write; the inspector reads; other schools see nothing', async () => {
    clock.set(at('2026-11-19', '12:00'));
    const body = { day: '2026-11-19', meal: 'lunch', dishId: dish.soup, weightGrams: 150 };
    expect((await teacher.post('/api/v1/canteen/samples', body)).status).toBe(403);
    expect((await inspector.post('/api/v1/canteen/samples', body)).status).toBe(403);
    expect((await principal.post('/api/v1/canteen/samples', body)).status).toBe(403);
    expect((await teacher.get('/api/v1/canteen/board')).status).toBe(403);
    expect((await teacher.post('/api/v1/canteen/dishes', dishBody('馒头', 'staple', []))).status).toBe(403);
    expect((await cm.post('/api/v1/canteen/accompanied-meals', { day: '2026-11-19', meal: 'lunch', personKind: 'leader', ratingQuality: 4, ratingQuantity: 4, ratingHygiene: 4, ratingPrice: 4 })).status).toBe(400);
    expect((await admin.post('/api/v1/settings/canteenMeals', {})).status).toBeGreaterThanOrEqual(400);
    expect((await cm.patch('/api/v1/settings/canteenMeals', { values: { sampleMinGrams: 150 } })).status).toBe(403);
    ok(await teacher.get('/api/v1/canteen/menus/week?week=2026-11-16'));
    const board = ok(await inspector.get(`/api/v1/canteen/board?date=2026-11-16&schoolId=${s.schoolId}`));
    expect(board.meals[0].dishes).toHaveLength(4);
    // Another school's canteen manager: their own (empty) school; our records are 404 / refused.
    expect((await otherCm.get(`/api/v1/canteen/dishes/${dish.rice}`)).status).toBe(404);
    expect((await otherCm.post('/api/v1/canteen/samples', { ...body, dishId: dish.rice })).status).toBe(400);
    expect(ok(await otherCm.get('/api/v1/canteen/samples')).items).toEqual([]);
  });
});
