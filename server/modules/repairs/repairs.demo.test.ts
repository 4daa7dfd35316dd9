import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createFreshDatabase, login, type TestApp, type FreshDatabase } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { sweepRepairs } from './repairs.sweep';
import { ok } from './repairs.fixture';

/* The demo term of repairs: believable, consistent, and already what the sweep would leave. */

const today = new Date('2026-11-22T04:00:00Z');
const clock = manualClock(today);
let t: TestApp;
let fresh: FreshDatabase | undefined;
type Row = Record<string, unknown>;
let s1: number;
let s2: number;

beforeAll(async () => {
  if (inject('databaseUrl')) {
    fresh = await createFreshDatabase({ migrate: true });
    t = await createTestApp({}, { database: fresh.database, clock });
  } else {
    t = await createTestApp({}, { clock });
  }
  expect(await seedDemo(t.db, today)).toBe(true);
  const ids = await rowsOf<{ id: number; code: string }>(t.db, sql`SELECT id, code FROM schools WHERE code IN ('QSZX', 'CGYX')`);
  s1 = Number(ids.find((x) => x.code === 'QSZX')!.id);
  s2 = Number(ids.find((x) => x.code === 'CGYX')!.id);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await fresh?.dispose();
});

const orders = (school: number) => rowsOf<Row>(t.db, sql`SELECT * FROM repair_orders WHERE school_id = ${school} ORDER BY id`);
const ms = (v: unknown) => (v == null ? null : new Date(v as string).getTime());

describe('repairs demo', () => {
  it('has a term of orders at both schools, mostly closed with a rating, some open, overdue, cancelled, one reopened', async () => {
    const a = await orders(s1);
    const b = await orders(s2);
    expect(a.length).toBeGreaterThanOrEqual(140);
    expect(b.length).toBeGreaterThanOrEqual(40);
    const by = (rows: Row[], state: string) => rows.filter((o) => o.state === state);
    expect(by(a, 'closed').length / a.length).toBeGreaterThan(0.7);
    expect(by(a, 'closed').filter((o) => o.rating !== null).length).toBeGreaterThan(80);
    for (const st of ['reported', 'dispatched', 'in_progress', 'completed', 'cancelled']) expect(by(a, st).length, st).toBeGreaterThan(0);
    expect(by(a, 'reopened')).toHaveLength(1);
    expect(a.filter((o) => o.overdue && ['reported', 'dispatched', 'in_progress'].includes(String(o.state))).length).toBeGreaterThanOrEqual(2);
    expect(new Set(a.map((o) => o.category)).size).toBe(8);
    expect(Math.min(...a.map((o) => ms(o.reported_at)!))).toBeGreaterThanOrEqual(Date.parse('2026-08-31T16:00:00Z'));
  });

  it('keeps every time in order, and each order\'s timeline ends in its state', async () => {
    const events = await rowsOf<Row>(t.db, sql`SELECT order_id, kind, at, to_state FROM repair_events WHERE school_id IN (${s1}, ${s2}) ORDER BY order_id, at, id`);
    const byOrder = new Map<number, Row[]>();
    for (const e of events) byOrder.set(Number(e.order_id), [...(byOrder.get(Number(e.order_id)) ?? []), e]);
    for (const o of [...await orders(s1), ...await orders(s2)]) {
      const chain = [o.reported_at, o.dispatched_at, o.accepted_at, o.completed_at, o.closed_at].map(ms).filter((x): x is number => x !== null);
      expect([...chain].sort((x, y) => x - y), String(o.code)).toEqual(chain);
      expect(Math.max(...chain, ms(o.cancelled_at) ?? 0)).toBeLessThanOrEqual(today.getTime());
      const steps = (byOrder.get(Number(o.id)) ?? []).filter((e) => e.kind !== 'overdue');
      expect(steps[0].kind).toBe('reported');
      expect(steps.at(-1)!.to_state, String(o.code)).toBe(o.state);
      if (o.state === 'closed') expect(o.closed_at).not.toBeNull();
      if (['in_progress', 'completed', 'closed'].includes(String(o.state))) expect(o.accepted_at).not.toBeNull();
      expect(Number(o.version)).toBeGreaterThanOrEqual(steps.length);
    }
  });

  it('is what the sweep would leave: nothing to flag or close today', async () => {
    expect(await sweepRepairs(t.db, clock)).toEqual({ overdue: 0, closed: 0 });
  });

  it('has the category rules, three plans with schedules, and the seed\'s lamps, valves and small repairs in the statistics', async () => {
    const director = await login(t.app, 'director', DEMO_PASSWORD);
    const rules = ok(await director.get('/api/v1/repairs/rules')).rules;
    expect(rules.find((r: { category: string }) => r.category === 'water').assigneeName).toBeTruthy();
    const plans = ok(await director.get('/api/v1/repairs/plans')).items;
    expect(plans.map((p: { name: string }) => p.name).sort()).toEqual(['寒暑假检修课桌椅', '每学期检修电路', '每月检查灭火器']);
    expect(plans.every((p: { nextDue: string[] }) => p.nextDue.length > 0)).toBe(true);
    expect(plans.find((p: { name: string }) => p.name === '每月检查灭火器').orderCount).toBe(3);
    const stats = ok(await director.get('/api/v1/repairs/stats'));
    expect(stats.termName).toBe('2026-2027学年第一学期');
    const item = (name: string) => stats.items.find((i: { name: string }) => i.name === name)?.quantity ?? 0;
    expect(item('更换灯管')).toBeGreaterThan(20);
    expect(item('阀门水嘴')).toBeGreaterThan(3);
    expect(item('零星维修')).toBeGreaterThan(10);
    expect(stats.totals.medianResponseMinutes).toBeGreaterThan(0);
    expect(stats.totals.satisfaction).toBeGreaterThan(0.7);
    const repair1 = await login(t.app, 'repair1', DEMO_PASSWORD);
    expect(ok(await repair1.get('/api/v1/repairs/log')).rows.length).toBeGreaterThan(20);
    expect(ok(await repair1.get('/api/v1/repairs?mine=assigned&state=dispatched,in_progress,reopened')).items.length).toBeGreaterThan(0);
    const teacher = await login(t.app, 'teacher1', DEMO_PASSWORD);
    expect(ok(await teacher.get('/api/v1/repairs?mine=reported')).items.length).toBeGreaterThan(5);
  });

  it('a report made today continues the day\'s numbering', async () => {
    const teacher = await login(t.app, 'teacher1', DEMO_PASSWORD);
    const [loc] = await rowsOf<{ id: number }>(t.db, sql`SELECT id FROM locations WHERE school_id = ${s1} AND type = 'classroom' ORDER BY id LIMIT 1`);
    const o = ok(await teacher.post('/api/v1/repairs', { locationId: Number(loc.id), category: 'electric', description: '灯管不亮', urgency: 'normal' }), 201);
    expect(o.code).toMatch(/^WX20261122-\d{4}$/);
    expect(o.state).toBe('dispatched');
  });
});
