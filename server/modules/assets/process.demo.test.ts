import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createFreshDatabase, login, type TestApp, type FreshDatabase, type TestClient } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { ok } from './process.fixture';
import type { StocktakeReport } from '../../../contracts/assetsProcess';

/* The processes' demo: a closed stocktake with its differences resolved, damage reports (a boarder who
 * owes), a disposal carried out and one waiting for approval — consistent with the register. */

const today = new Date('2026-11-22T04:00:00Z');
const clock = manualClock(today);
let t: TestApp;
let fresh: FreshDatabase | undefined;
let s1: number;
let director: TestClient;

beforeAll(async () => {
  if (inject('databaseUrl')) {
    fresh = await createFreshDatabase({ migrate: true });
    t = await createTestApp({}, { database: fresh.database, clock });
  } else {
    t = await createTestApp({}, { clock });
  }
  expect(await seedDemo(t.db, today)).toBe(true);
  s1 = Number((await rowsOf<{ id: number }>(t.db, sql`SELECT id FROM schools WHERE code = 'QSZX'`))[0].id);
  director = await login(t.app, 'director', DEMO_PASSWORD);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await fresh?.dispose();
});

describe('asset processes demo', () => {
  it('has one closed stocktake whose differences were resolved, its report frozen', async () => {
    const list = ok(await director.get('/api/v1/stocktakes')).items;
    const closed = list.filter((x: { state: string }) => x.state === 'closed');
    expect(closed).toHaveLength(1);
    const st = closed[0];
    expect(st.summary).toMatchObject({ wrongPlace: 1, missing: 1, surplus: 1, unresolved: 0, pending: 0 });
    expect(st.summary.found).toBeGreaterThan(5);
    const report = ok(await director.get(`/api/v1/stocktakes/${st.id}/report`)) as StocktakeReport;
    expect(report.frozen).toBe(true);
    expect(report.wrongPlace[0]).toMatchObject({ resolution: 'move' });
    expect(report.missing[0]).toMatchObject({ resolution: 'write_off', disposalId: expect.any(Number) });
    expect(report.surplus[0]).toMatchObject({ resolution: 'register', registeredAssetCode: expect.any(String) });
    expect(report.surplus[0].photos).toHaveLength(1);
    // The register agrees: the stray computer now sits where it was found; the cabinet is on the books there.
    const moved = ok(await director.get(`/api/v1/assets/${report.wrongPlace[0].assetId}`));
    expect(moved.locationId).toBe(report.wrongPlace[0].foundLocationId);
    const cabinet = ok(await director.get(`/api/v1/assets/${report.surplus[0].registeredAssetId}`));
    expect(cabinet.locationId).toBe(report.surplus[0].locationId);
  });

  it('has a disposal carried out and one waiting for approval', async () => {
    const items = ok(await director.get('/api/v1/disposals')).items;
    const done = items.filter((d: { state: string }) => d.state === 'done');
    const pending = items.filter((d: { state: string }) => d.state === 'pending');
    expect(done).toHaveLength(1);
    expect(pending).toHaveLength(1);
    const d = ok(await director.get(`/api/v1/disposals/${done[0].id}`));
    expect(d).toMatchObject({ approval: { state: 'approved' }, recipient: expect.any(String) });
    for (const it of d.items) expect(ok(await director.get(`/api/v1/assets/${it.assetId}`)).status).toBe('disposed');
    const p = ok(await director.get(`/api/v1/disposals/${pending[0].id}`));
    expect(p.stocktakeId).toBeGreaterThan(0);
    for (const it of p.items) expect(ok(await director.get(`/api/v1/assets/${it.assetId}`)).status).toBe('pending_disposal');
  });

  it('has damage reports: a boarder who owes (flagged), one paid, one with nobody to charge', async () => {
    const items = ok(await director.get('/api/v1/damage-reports')).items;
    expect(items.filter((d: { flagged: boolean }) => d.flagged)).toHaveLength(1);
    expect(items.some((d: { state: string }) => d.state === 'paid')).toBe(true);
    expect(items.some((d: { state: string }) => d.state === 'no_party')).toBe(true);
    const owing = ok(await director.get('/api/v1/damage-reports/outstanding-students')).items;
    expect(owing).toHaveLength(1);
    expect(owing[0].boarder).toBe(true);
    const accountant = await login(t.app, 'accountant', DEMO_PASSWORD);
    expect(ok(await accountant.get('/api/v1/damage-reports/payments?from=2026-10-01&to=2026-11-30')).count).toBe(1);
  });

  it('gives every school its yearly-stocktake look', async () => {
    const rows = await rowsOf<{ n: number }>(t.db, sql`SELECT count(DISTINCT school_id)::int AS n FROM schedules WHERE owner = 'assets.stocktake'`);
    expect(rows[0].n).toBe(2);
    expect((await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM stocktakes WHERE school_id <> ${s1}`))[0].n).toBe(0);
  });
});
