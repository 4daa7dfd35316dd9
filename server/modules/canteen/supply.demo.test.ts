import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, login, type TestApp, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { hashPassword } from '../../platform/passwords';
import { seededRandom, type DemoContext } from '../../platform/demo';
import { seedCalendarDemo } from '../../platform/schedules';
import { districts, schools } from '../../platform/platform.tables';
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
    await seedSupplyDemo(ctx);
  });
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
