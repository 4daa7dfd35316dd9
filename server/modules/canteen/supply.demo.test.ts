import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { seedDemoDistrict } from '../../test/demoDistrict';
import { createTestApp, login, type TestApp, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { orgModule } from '../org';
import { supplyPart } from './supply.part';
import { seedSupplyDemo } from './supply.demo';
import { supplyDay } from './supply.board';

/*
 * The demo's canteen supply on the demo organisation, seeded without the other modules, on Sunday
 * 22 November 2026 (10:00 in Shanghai): a month of intakes, usage and meal counts; November's
 * account shows a small surplus under the limit; one licence expiring, one supplier suspended.
 */

const today = new Date('2026-11-22T02:00:00Z');
const clock = manualClock(today);
let t: TestApp;
let s1 = 0;
const code = `S${Date.now().toString(36).slice(-5).toUpperCase()}`;

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 300)}`).toBe(status);
  return res.json;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'canteen', ...supplyPart }] });
  ({ s1 } = await seedDemoDistrict(t.db, code, today, seedSupplyDemo));
}, 300_000);
afterAll(async () => t?.close());

describe('canteen supply demo', () => {
  it('gives canteen1 a month of intakes and a November account with a small surplus under the limit', async () => {
    for (const prefix of [`${code}-`, `${code}-s2-`]) {
      const canteen = await login(t.app, `${prefix}canteen1`, 'houqin-demo');
      const m = ok(await canteen.get('/api/v1/canteen/costs/months/2026-11'));
      expect(m.totals.costFen).toBeGreaterThan(0);
      expect(m.surplusFen).toBeGreaterThan(0);
      expect(m.marginPercent).toBeGreaterThan(0);
      expect(m.overLimit).toBe(false);
      const intakes = ok(await canteen.get('/api/v1/canteen/intakes?limit=200'));
      expect(intakes.items.length).toBeGreaterThan(20);
      expect(intakes.items.some((i: { hasBulk: boolean; inspectorIds: number[] }) => i.hasBulk && i.inspectorIds.length >= 2)).toBe(true);
      expect(intakes.items.every((i: { hasBulk: boolean; inspectorIds: number[] }) => !i.hasBulk || i.inspectorIds.length >= 2)).toBe(true);
      const refused = ok(await canteen.get('/api/v1/canteen/intakes?refused=true'));
      expect(refused.items).toHaveLength(1);
      const detail = ok(await canteen.get(`/api/v1/canteen/intakes/${intakes.items[1].id}`));
      expect(detail.certs.length).toBeGreaterThan(0);
      const suppliers = ok(await canteen.get('/api/v1/canteen/suppliers'));
      expect(suppliers.items.filter((s: { licenceState: string }) => s.licenceState === 'expiring')).toHaveLength(1);
      expect(suppliers.items.filter((s: { status: string }) => s.status === 'suspended')).toHaveLength(1);
    }
    const day = await supplyDay(t.db, s1, '2026-11-22', today);
    expect(day.intakes).toBe(1);
    expect(day.meals).toBeNull();
    expect(day.licences.expiring).toHaveLength(1);
    expect(day.licences.expired).toHaveLength(0); // the expired licence's supplier is suspended
  });
});
