import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { seedDemoDistrict } from '../../test/demoDistrict';
import { createTestApp, login, anonymous, type TestApp, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { orgModule } from '../org';
import { mealsPart } from './meals.part';
import { seedMealsDemo } from './meals.demo';

/*
 * The demo's meals on the demo organisation, seeded without the other modules, on Sunday 22 November
 * 2026 at 18:00: a month of menus, samples and accompanied meals with no flags; tonight's dinner half
 * sampled and not yet accompanied; the public page shows this week.
 */

const today = new Date('2026-11-22T10:00:00Z'); // Sunday 18:00 in Shanghai: dinner under way
const clock = manualClock(today);
let t: TestApp;
const code = `M${Date.now().toString(36).slice(-5).toUpperCase()}`;

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 300)}`).toBe(status);
  return res.json;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'canteen', ...mealsPart }] });
  await seedDemoDistrict(t.db, code, today, seedMealsDemo);
}, 300_000);
afterAll(async () => t?.close());

describe('meals demo', () => {
  it('gives the boarding school a month of records and tonight half done', async () => {
    const cm = await login(t.app, `${code}-canteen1`, 'houqin-demo');
    const board = ok(await cm.get('/api/v1/canteen/board'));
    expect(board.date).toBe('2026-11-22');
    expect(board.meals.map((m: { meal: string }) => m.meal)).toEqual(['dinner']);
    expect(board.meals[0].missing).toBeGreaterThan(0);
    expect(board.meals[0].sampled).toBeGreaterThan(0);
    expect(board.meals[0].accompanied).toEqual([]);
    expect(board.green).toBe(false);
    const flags = ok(await cm.get('/api/v1/canteen/flags?from=2026-10-23&to=2026-11-22'));
    expect(flags.items).toEqual([]);
    const samples = ok(await cm.get('/api/v1/canteen/samples?limit=200'));
    expect(samples.items.length).toBe(200);
    expect(samples.items.every((x: { weightGrams: number }) => x.weightGrams >= 125)).toBe(true);
    expect(samples.items.some((x: { disposedAt: string | null }) => x.disposedAt)).toBe(true);
    expect(samples.items.every((x: { disposedAt: string | null; keepUntil: string }) => !x.disposedAt || x.disposedAt >= x.keepUntil)).toBe(true);
    const principal = await login(t.app, `${code}-principal`, 'houqin-demo');
    const acc = ok(await principal.get('/api/v1/canteen/accompanied-meals?limit=200'));
    expect(acc.items.some((a: { personKind: string }) => a.personKind === 'parent')).toBe(true);
    expect(ok(await principal.get('/api/v1/canteen/accompanied-meals?followUpState=open')).items.length).toBeGreaterThan(0);
    const rota = ok(await principal.get('/api/v1/canteen/rota'));
    expect(rota.items.length).toBe(5);
    expect(rota.upcoming[0]).toMatchObject({ day: '2026-11-22', meal: 'dinner', done: false });
    const pub = ok(await anonymous(t.app).get(`/api/v1/public/schools/${code}-1/canteen`));
    expect(pub.weekStart).toBe('2026-11-16');
    const dishes = ok(await cm.get('/api/v1/canteen/dishes?limit=100'));
    expect(dishes.items.length).toBe(40);
    expect(dishes.items.every((d: { banned: string | null }) => d.banned === null)).toBe(true);
  });

  it('gives the day school lunch on school days only', async () => {
    const cm = await login(t.app, `${code}-s2-canteen1`, 'houqin-demo');
    expect(ok(await cm.get('/api/v1/canteen/board')).meals).toEqual([]);
    const fri = ok(await cm.get('/api/v1/canteen/board?date=2026-11-20'));
    expect(fri.meals.map((m: { meal: string }) => m.meal)).toEqual(['lunch']);
    expect(fri.green).toBe(false); // the staff part has no checks here (its demo is not seeded in this test)
    expect(fri.meals[0].missing).toBe(0);
  });
});
