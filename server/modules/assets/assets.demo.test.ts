import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createFreshDatabase, login, type TestApp, type FreshDatabase } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { ok } from './assets.fixture';

/* The demo register: a few thousand believable cards, depreciated up to last month, the ledger reconciled. */

const today = new Date('2026-11-22T04:00:00Z');
const clock = manualClock(today);
let t: TestApp;
let fresh: FreshDatabase | undefined;
let s1: number;

beforeAll(async () => {
  if (inject('databaseUrl')) {
    fresh = await createFreshDatabase({ migrate: true });
    t = await createTestApp({}, { database: fresh.database, clock });
  } else {
    t = await createTestApp({}, { clock });
  }
  expect(await seedDemo(t.db, today)).toBe(true);
  s1 = Number((await rowsOf<{ id: number }>(t.db, sql`SELECT id FROM schools WHERE code = 'QSZX'`))[0].id);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await fresh?.dispose();
});

describe('assets demo', () => {
  it('has a few thousand assets across the rooms, with custodians, and consistent figures', async () => {
    const [r] = await rowsOf<Record<string, number>>(t.db, sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE low_value)::int AS low,
        count(*) FILTER (WHERE location_id IS NULL)::int AS nowhere, count(*) FILTER (WHERE custodian_id IS NULL)::int AS nobody,
        count(*) FILTER (WHERE acquired_on > ${'2026-11-22'})::int AS future, count(DISTINCT class_code)::int AS classes,
        (SELECT count(*)::int FROM asset_depreciation d JOIN assets a2 ON a2.school_id = d.school_id AND a2.id = d.asset_id WHERE d.school_id = ${s1} AND d.accumulated_fen > a2.original_value_fen) AS over
      FROM assets WHERE school_id = ${s1}`);
    expect(r.n).toBeGreaterThan(1000);
    expect(r.low).toBeGreaterThan(500);
    expect(r.future).toBe(0);
    expect(r.over).toBe(0);
    // Every card of the register has a custodian (the process demo may register a 盘盈 find without one).
    expect(r.nobody).toBeLessThan(r.n / 100);
    expect(r.classes).toBeGreaterThan(15);
    const [{ n }] = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM assets`);
    expect(Number(n)).toBeGreaterThan(2000);
  });

  it('is depreciated up to last month; the ledger reconciles; the director and the storekeeper work with it', async () => {
    const director = await login(t.app, 'director', DEMO_PASSWORD);
    const runs = ok(await director.get('/api/v1/assets/depreciation/runs')).items;
    expect(runs.map((x: { month: string }) => x.month)).toEqual(['2026-10', '2026-09']);
    const l = ok(await director.get('/api/v1/assets/ledger'));
    expect(l.month).toBe('2026-10');
    expect(l.totals.netFen).toBe(l.totals.originalFen - l.totals.accumulatedFen);
    expect(l.totals.accumulatedFen).toBeGreaterThan(0);
    // The stored figures are as of the last run (October): the ledger of October is their sum over what was on the books then.
    const [{ acc }] = await rowsOf<{ acc: number }>(t.db, sql`SELECT sum(d.accumulated_fen)::bigint AS acc FROM assets a JOIN asset_depreciation d ON d.school_id = a.school_id AND d.asset_id = a.id
      WHERE a.school_id = ${s1} AND NOT a.low_value AND a.entered_on < '2026-11-01' AND (a.disposed_on IS NULL OR a.disposed_on >= '2026-11-01')`);
    expect(l.totals.accumulatedFen).toBe(Number(acc));
    const storekeeper = await login(t.app, 'storekeeper', DEMO_PASSWORD);
    const page = ok(await storekeeper.get('/api/v1/assets?classCode=201&limit=5'));
    expect(page.items).toHaveLength(5);
    const teacher = await login(t.app, 'headteacher1', DEMO_PASSWORD);
    const mine = ok(await teacher.get('/api/v1/assets?limit=200')).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a: { custodianName: string }) => a.custodianName === mine[0].custodianName)).toBe(true);
  });
});
