import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createFreshDatabase, login, type TestApp, type FreshDatabase } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { ok } from '../../platform/inspections.fixture';

/* The demo's hazards: the seed checklists, hazards in every state with consistent times, last month's
 * investigation with findings, and last month's report submitted — as the inspector sees it. */

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
  const [row] = await rowsOf<{ id: number }>(t.db, sql`SELECT id FROM schools WHERE code = 'QSZX'`);
  s1 = Number(row.id);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await fresh?.dispose();
});

describe('hazards demo', () => {
  it('every demo school has the safety seed checklists', async () => {
    const rows = await rowsOf<{ code: string; n: number }>(t.db, sql`SELECT t.code, count(*)::int AS n FROM inspection_templates t JOIN schools s ON s.id = t.school_id
      WHERE s.code IN ('QSZX', 'CGYX') AND t.code LIKE 'safety.%' GROUP BY t.code ORDER BY t.code`);
    expect(rows.map((r) => [r.code, Number(r.n)])).toEqual([['safety.fire_daily', 2], ['safety.fire_equipment_monthly', 2], ['safety.hazard_monthly', 2]]);
  });

  it('has hazards in every state, some overdue, with times in order and never after today', async () => {
    const rows = await rowsOf<Record<string, unknown>>(t.db, sql`SELECT * FROM rectifications WHERE school_id = ${s1} AND domain = 'safety'`);
    const states = new Set(rows.map((r) => r.state));
    expect([...states].sort()).toEqual(['assigned', 'closed', 'open', 'rectified']);
    const ms = (v: unknown) => (v == null ? null : new Date(v as string).getTime());
    for (const r of rows) {
      const seq = [r.reported_at, r.assigned_at, r.rectified_at, r.verified_at].map(ms).filter((x): x is number => x !== null);
      expect(seq, String(r.id)).toEqual([...seq].sort((a, b) => a - b));
      expect(Math.max(...seq)).toBeLessThanOrEqual(today.getTime());
      if (r.verified_by != null) expect(r.verified_by).not.toBe(r.rectified_by);
    }
    const director = await login(t.app, 'director', DEMO_PASSWORD);
    expect(ok(await director.get('/api/v1/hazards?tab=overdue')).items.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.source === 'inspection').length).toBe(3);
  });

  it('every hazard has a photo as reported, and every rectified or closed one a photo after, shown on its page', async () => {
    const rows = await rowsOf<{ id: number; state: string; before: number; after: number }>(t.db, sql`SELECT r.id, r.state,
        (SELECT count(*)::int FROM files f WHERE f.school_id = r.school_id AND f.entity = 'rectification' AND f.entity_id = r.id AND f.slot = 'before' AND f.mime = 'image/jpeg' AND f.has_thumbnail) AS before,
        (SELECT count(*)::int FROM files f WHERE f.school_id = r.school_id AND f.entity = 'rectification' AND f.entity_id = r.id AND f.slot = 'after' AND f.mime = 'image/jpeg' AND f.has_thumbnail) AS after
      FROM rectifications r WHERE r.school_id = ${s1} AND r.domain = 'safety'`);
    for (const r of rows) {
      expect(Number(r.before), `hazard ${r.id}`).toBe(1);
      expect(Number(r.after), `hazard ${r.id} (${r.state})`).toBe(r.state === 'rectified' || r.state === 'closed' ? 1 : 0);
    }
    const closed = rows.find((r) => r.state === 'closed')!;
    const director = await login(t.app, 'director', DEMO_PASSWORD);
    const detail = ok(await director.get(`/api/v1/hazards/${closed.id}`));
    const shown = JSON.stringify(detail);
    const ids = (await rowsOf<{ id: string }>(t.db, sql`SELECT id::text AS id FROM files WHERE school_id = ${s1} AND entity = 'rectification' AND entity_id = ${closed.id}`)).map((f) => f.id);
    for (const id of ids) expect(shown).toContain(id);
    const picture = await director.request('GET', `/api/v1/files/${ids[0]}`);
    expect(picture.status).toBe(200);
    expect(picture.headers['content-type']).toBe('image/jpeg');
  });

  it('last month\'s investigation task is done and this month\'s is open for the vice principal', async () => {
    const tasks = await rowsOf<{ entity_id: number; state: string; role: string }>(t.db, sql`SELECT entity_id, state, role FROM tasks
      WHERE school_id = ${s1} AND kind = 'hazards.task.monthlyInvestigation' ORDER BY entity_id`);
    expect(tasks.map((x) => [Number(x.entity_id), x.state, x.role])).toEqual([[202610, 'done', 'vice_principal'], [202611, 'open', 'vice_principal']]);
    const vice = await login(t.app, 'vice', DEMO_PASSWORD);
    const mine = ok(await vice.get('/api/v1/tasks/mine?scope=all')).items.filter((k: { kind: string }) => k.kind === 'hazards.task.monthlyInvestigation');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ overdue: false, link: expect.stringMatching(/^\/inspections\?start=1&templateId=\d+$/) });
    const home = ok(await vice.get('/api/v1/safety/home'));
    expect(home.hazards.investigation).toMatchObject({ state: 'due', dueOn: '2026-11-25' });
    expect(ok(await vice.get('/api/v1/safety/home?month=2026-10')).hazards.investigation.state).toBe('done');
  });

  it('last month\'s investigation is done and its report submitted; the inspector reads it', async () => {
    const insp = await rowsOf<{ fail_count: number }>(t.db, sql`SELECT i.fail_count FROM inspections i JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
      WHERE i.school_id = ${s1} AND t.code = 'safety.hazard_monthly' AND i.state = 'submitted'`);
    expect(insp.map((r) => Number(r.fail_count))).toEqual([3]);
    const inspector = await login(t.app, 'inspector', DEMO_PASSWORD);
    const list = ok(await inspector.get('/api/v1/reports/hazards/submitted?month=2026-10'));
    expect(list.items.map((x: { schoolName: string }) => x.schoolName).sort()).toEqual(['城关第一小学', '青山镇初级中学']);
    const one = ok(await inspector.get(`/api/v1/reports/hazards/submitted/${list.items[0].id}`));
    expect(one.report.totals.found).toBeGreaterThan(0);
    expect(one.report.inspections.count).toBeGreaterThan(0);
  });
});
