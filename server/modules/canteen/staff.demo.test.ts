import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, login, type TestApp, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { hashPassword } from '../../platform/passwords';
import { seededRandom, type DemoContext } from '../../platform/demo';
import { seedCalendarDemo } from '../../platform/schedules';
import { districts, schools } from '../../platform/platform.tables';
import { orgModule } from '../org';
import { staffPart } from './staff.part';
import { seedStaffDemo } from './staff.demo';
import { sweepCanteenStaff } from './staff.sweep';

/*
 * The demo's canteen staff on the demo organisation, seeded without the other modules: on Sunday
 * 22 November 2026 at 07:45 the boarding school's canteen serves; five of seven are checked, one
 * certificate expires within 30 days, none has expired, the daily self-check is not done, no stop.
 */

const today = new Date('2026-11-21T23:45:00Z');
const clock = manualClock(today);
let t: TestApp;
let s1 = 0;
const code = `C${Date.now().toString(36).slice(-5).toUpperCase()}`;

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 300)}`).toBe(status);
  return res.json;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'canteen', ...staffPart }] });
  const passwordHash = await hashPassword('houqin-demo');
  await t.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [d] = await tx.insert(districts).values({ code, name: '示范县教育局' }).returning();
    const [bureau] = await tx.insert(schools).values({ districtId: d.id, code: `${code}-JYJ`, name: '示范县教育局', kind: 'bureau' }).returning();
    const [a] = await tx.insert(schools).values({ districtId: d.id, code: `${code}-1`, name: '青山镇初级中学', kind: 'school', stage: 'junior', boarding: true }).returning();
    const [b] = await tx.insert(schools).values({ districtId: d.id, code: `${code}-2`, name: '城关第一小学', kind: 'school', stage: 'primary', boarding: false }).returning();
    s1 = a.id;
    const ctx: DemoContext = {
      tx, districtId: d.id, bureauId: bureau.id, passwordHash, random: seededRandom(20260901), today,
      schools: [{ id: a.id, key: 's1', prefix: `${code}-`, name: a.name, boarding: true }, { id: b.id, key: 's2', prefix: `${code}-s2-`, name: b.name, boarding: false }],
    };
    await seedCalendarDemo(tx, [a.id, b.id]);
    await orgModule.demo!(ctx);
    await seedStaffDemo(ctx);
  });
}, 300_000);
afterAll(async () => t?.close());

describe('canteen staff demo', () => {
  it('shows a day under way to the canteen manager', async () => {
    const manager = await login(t.app, `${code}-canteen1`, 'houqin-demo');
    const day = ok(await manager.get('/api/v1/canteen/staff/day'));
    expect(day).toMatchObject({ staffTotal: 7, checked: 5, passed: 5, failed: [], overdue: false, serviceDay: true, selfCheck: { dailyDone: false, stop: null } });
    expect(day.missing).toHaveLength(2);
    expect(day.certificates.expired).toEqual([]);
    expect(day.certificates.expiring).toHaveLength(1);
    const roster = ok(await manager.get('/api/v1/canteen/staff/roster'));
    expect(roster.items.filter((x: { eligible: boolean }) => x.eligible)).toHaveLength(5);
    const self = ok(await manager.get('/api/v1/canteen/staff/self-check'));
    expect(self.templates.map((x: { code: string }) => x.code)).toEqual(['canteen.daily', 'canteen.monthly', 'canteen.weekly']);
    expect(self).toMatchObject({ daily: { done: false }, weekly: { done: true }, monthly: { done: true }, stop: null });
    // A month of checks with two failures.
    const past = ok(await manager.get('/api/v1/canteen/staff/checks?date=2026-11-13'));
    expect(past.items.filter((x: { check: { result: string } | null }) => x.check?.result === 'fail')).toHaveLength(1);
    // The sweep alerts the expiring certificate once; after 08:00 the two unchecked are flagged.
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: s1 })).certAlerts).toBe(1);
    clock.set('2026-11-22T00:05:00Z');
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: s1 })).missingFlags).toBe(1);
  });
});
