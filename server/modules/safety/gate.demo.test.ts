import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createFreshDatabase, type FreshDatabase } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf, type Db } from '../../platform/db';
import { hashPassword } from '../../platform/passwords';
import { seededRandom, type DemoContext } from '../../platform/demo';
import { districts, schools } from '../../platform/platform.tables';
import { orgModule } from '../org';
import { seedGateDemo } from './gate.demo';
import { gateFigures } from './gate.figures';
import { patrolFigures } from './patrol.service';

/* The demo month at the gate: visitors in and out (some inside, one flagged), passes in every
 * state, this week's and last week's roster, routes with checkpoints and a month of patrols with
 * missed checkpoints and a day short of the rule (its speed is the bench's: the server's start on an empty database). */

const today = new Date('2026-11-18T06:00:00Z'); // Wednesday 14:00 in Shanghai
let fresh: FreshDatabase;
let db: Db;
let s1: number;
let s2: number;
type Row = Record<string, unknown>;

beforeAll(async () => {
  fresh = await createFreshDatabase({ migrate: true });
  db = fresh.database.db;
  const passwordHash = await hashPassword('houqin-demo');
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [d] = await tx.insert(districts).values({ code: 'SFX', name: '示范县教育局' }).returning();
    const [bureau] = await tx.insert(schools).values({ districtId: d.id, code: 'SFX-JYJ', name: '示范县教育局', kind: 'bureau' }).returning();
    const [a] = await tx.insert(schools).values({ districtId: d.id, code: 'QSZX', name: '青山镇初级中学', kind: 'school', boarding: true }).returning();
    const [b] = await tx.insert(schools).values({ districtId: d.id, code: 'CGYX', name: '城关第一小学', kind: 'school', boarding: false }).returning();
    s1 = a.id; s2 = b.id;
    const ctx: DemoContext = {
      tx, districtId: d.id, bureauId: bureau.id, passwordHash, random: seededRandom(20260901), today,
      schools: [{ id: a.id, key: 's1', prefix: '', name: a.name, boarding: true }, { id: b.id, key: 's2', prefix: 's2-', name: b.name, boarding: false }],
    };
    await orgModule.demo!(ctx);
    await seedGateDemo(ctx);
  });
}, 300_000);
afterAll(async () => fresh?.dispose());

const count = async (q: ReturnType<typeof sql>) => Number((await rowsOf<{ n: number }>(db, q))[0].n);

describe('gate demo', () => {
  it('has a month of visitors, some inside now, one flagged from yesterday, no ID number in clear', async () => {
    const rows = await rowsOf<Row>(db, sql`SELECT * FROM visitors WHERE school_id = ${s1}`);
    expect(rows.length).toBeGreaterThan(60);
    expect(rows.filter((r) => r.time_out === null).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.time_out === null && r.flagged_at !== null)).toHaveLength(1);
    expect(rows.every((r) => /^\*+[0-9X]{4}$/.test(String(r.id_masked)) || r.id_type !== 'resident_id')).toBe(true);
    expect(rows.every((r) => new Date(r.time_in as string).getTime() <= today.getTime())).toBe(true);
  });

  it('has passes issued, used, returned, cancelled, one valid now for the first class', async () => {
    const states = await rowsOf<{ state: string; n: number }>(db, sql`SELECT state, count(*)::int AS n FROM exit_passes WHERE school_id = ${s1} GROUP BY state`);
    const by = Object.fromEntries(states.map((x) => [x.state, Number(x.n)]));
    expect(by.returned).toBeGreaterThan(20);
    for (const st of ['active', 'used', 'cancelled']) expect(by[st], st).toBeGreaterThan(0);
    const valid = await count(sql`SELECT count(*)::int AS n FROM exit_passes p JOIN classes c ON c.school_id = p.school_id AND c.id = p.class_id
      JOIN users u ON u.school_id = c.school_id AND u.id = c.head_teacher_id
      WHERE p.school_id = ${s1} AND p.state = 'active' AND p.valid_from <= ${today.toISOString()}::timestamptz AND p.valid_until > ${today.toISOString()}::timestamptz AND u.username = 'headteacher1'`);
    expect(valid).toBe(1);
  });

  it('has last week\'s and this week\'s roster, handovers and swaps', async () => {
    expect(await count(sql`SELECT count(DISTINCT date)::int AS n FROM duty_shifts WHERE school_id = ${s1} AND kind = 'gate'`)).toBe(14);
    expect(await count(sql`SELECT count(*)::int AS n FROM duty_shifts WHERE school_id = ${s2} AND kind = 'teacher'`)).toBe(20);
    expect(await count(sql`SELECT count(*)::int AS n FROM duty_handovers WHERE school_id = ${s1} AND state = 'open'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM duty_swaps WHERE school_id = ${s1} AND state = 'pending'`)).toBe(1);
  });

  it('has routes with checkpoints and a month of patrols, missed checkpoints and days short of the rule', async () => {
    expect(await count(sql`SELECT count(*)::int AS n FROM patrol_routes WHERE school_id = ${s1}`)).toBe(3);
    expect(await count(sql`SELECT count(*)::int AS n FROM patrol_routes WHERE school_id = ${s2}`)).toBe(2);
    const clock = manualClock(today);
    const f = await patrolFigures(db, s1, '2026-11', clock);
    expect(f.totals.patrols).toBeGreaterThan(100);
    expect(f.totals.missed).toBeGreaterThan(0);
    expect(f.days.find((d) => d.date === '2026-11-09')!.short).toContain('key_area');
    expect(f.shortDays.length).toBeGreaterThanOrEqual(1);
    const g = await gateFigures(db, s1, '2026-11', clock);
    expect(g).toMatchObject({ patrolDaysShort: f.shortDays.length, missedCheckpointsMonth: f.totals.missed });
    expect(g.visitorsMonth).toBeGreaterThan(20);
    expect(g.insideNow).toBeGreaterThanOrEqual(3);
    expect(g.exitsMonth).toBeGreaterThan(10);
  });
});
