import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { seedDemoDistrict } from '../../test/demoDistrict';
import { createTestApp, login, type TestApp, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
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
  ({ s1 } = await seedDemoDistrict(t.db, code, today, seedStaffDemo));
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
