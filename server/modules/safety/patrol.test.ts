import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { findCjkFont } from '../../platform/pdf';
import { gateWorld, ok, shanghai, GATE_MODULES, type GateWorld } from './gate.fixture';
import { gateFigures } from './gate.figures';

/* Patrols: checkpoints hold random tokens; a patrol flags missed and late checkpoints; a token of
 * another route or school is refused; the month's days are counted against the rule. */

const MON_9 = shanghai('2026-11-16T09:00');
const clock = manualClock(MON_9);
let t: TestApp;
let w: GateWorld;
const MIN = 60_000;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: GATE_MODULES });
  w = await gateWorld(t);
});
afterAll(async () => t.close());
beforeEach(() => clock.set(MON_9));

async function route(name: string, kind: string, points: string[], intervalMinutes = 10) {
  return ok(await w.director.post('/api/v1/patrols/routes', { name, kind, intervalMinutes, checkpoints: points.map((p) => ({ name: p })) }), 201);
}
async function tokensOf(routeId: number, schoolId = w.s.schoolId): Promise<string[]> {
  const rows = await rowsOf<{ token: string }>(t.db, sql`SELECT token FROM patrol_checkpoints WHERE school_id = ${schoolId} AND route_id = ${routeId} ORDER BY position`);
  return rows.map((r) => r.token);
}

describe('routes and checkpoints', () => {
  it('give each checkpoint a random token, not its id, and never show it in the route', async () => {
    const r = await route('重点部位A', 'key_area', ['门卫室', '配电室', '食堂操作间']);
    expect(r.checkpoints.map((c: { name: string }) => c.name)).toEqual(['门卫室', '配电室', '食堂操作间']);
    const tokens = await tokensOf(r.id);
    expect(tokens.every((x) => /^[A-Z2-9]{10}$/.test(x))).toBe(true);
    expect(new Set(tokens).size).toBe(3);
    expect(JSON.stringify(ok(await w.guard.get(`/api/v1/patrols/routes/${r.id}`)))).not.toContain(tokens[0]);
    expect((await w.director.post('/api/v1/patrols/routes', { name: '重点部位A', kind: 'fire', intervalMinutes: 5, checkpoints: [{ name: 'x' }] })).status).toBe(409);
  });

  it('prints the sheet of QR codes as a PDF for the route keepers', async (ctx) => {
    const r = await route('防火巡查打印', 'fire', ['图书室', '电脑房']);
    expect((await w.guard.get(`/api/v1/patrols/routes/${r.id}/checkpoints.pdf`)).status).toBe(403);
    const res = await w.director.get(`/api/v1/patrols/routes/${r.id}/checkpoints.pdf`);
    if (!findCjkFont()) { expect(res.status).toBe(503); ctx.skip(); return; }
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps the tokens of checkpoints kept on an edit; dropped ones are no longer expected', async () => {
    const r = await route('编辑路线', 'key_area', ['甲', '乙', '丙']);
    const before = await tokensOf(r.id);
    const edited = ok(await w.director.patch(`/api/v1/patrols/routes/${r.id}`, {
      version: r.version, checkpoints: [{ id: r.checkpoints[0].id, name: '甲' }, { id: r.checkpoints[2].id, name: '丙' }, { name: '丁' }],
    }));
    expect(edited.checkpoints.filter((c: { active: boolean }) => c.active).map((c: { name: string }) => c.name)).toEqual(['甲', '丙', '丁']);
    const after = await rowsOf<{ token: string; active: boolean; name: string }>(t.db, sql`SELECT token, active, name FROM patrol_checkpoints WHERE school_id = ${w.s.schoolId} AND route_id = ${r.id} ORDER BY id`);
    expect(after.find((x) => x.name === '甲')!.token).toBe(before[0]);
    expect(after.find((x) => x.name === '乙')!.active).toBe(false);
    expect((await w.director.patch(`/api/v1/patrols/routes/${r.id}`, { version: r.version, name: '旧版本' })).status).toBe(409);
  });
});

describe('a patrol', () => {
  it('flags checkpoints not scanned as missed and scanned too late as late', async () => {
    const r = await route('重点部位B', 'key_area', ['一', '二', '三', '四'], 10);
    const [a, , c, d] = await tokensOf(r.id);
    const p = ok(await w.guard.post('/api/v1/patrols', { routeId: r.id }), 201);
    expect(p).toMatchObject({ state: 'in_progress', expectedCount: 4, canWalk: true, countsFor: '2026-11-16' });
    clock.advance(5 * MIN);
    ok(await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: a }));
    clock.advance(18 * MIN); // 18 > 10: late
    const afterC = ok(await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: c.toLowerCase().replace(/^(.{5})/, '$1-'), note: '门未锁，已锁好' }));
    expect(afterC.points.find((x: { name: string }) => x.name === '三')).toMatchObject({ late: true, gapMinutes: 18, note: '门未锁，已锁好' });
    clock.advance(3 * MIN);
    ok(await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: d }));
    expect((await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: d })).json.error.code).toBe('patrol.alreadyScanned');
    const done = ok(await w.guard.post(`/api/v1/patrols/${p.id}/finish`, {}));
    expect(done).toMatchObject({ state: 'finished', scannedCount: 3, missedCount: 1, lateCount: 1, finishedAt: new Date(MON_9.getTime() + 26 * MIN).toISOString() });
    expect(done.points.map((x: { name: string; missed: boolean; late: boolean }) => [x.name, x.missed, x.late])).toEqual([['一', false, false], ['二', true, false], ['三', false, true], ['四', false, false]]);
    expect((await w.guard.post(`/api/v1/patrols/${p.id}/finish`, {})).status).toBe(409);
    expect((await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: a })).json.error.code).toBe('patrol.finished');
    const flagged = ok(await w.director.get('/api/v1/patrols?flagged=true&limit=200')).items.map((x: { id: number }) => x.id);
    expect(flagged).toContain(p.id);
  });

  it('refuses a token of another route, another school, or a made-up one; and someone else\'s patrol', async () => {
    const mine = await route('路线甲', 'key_area', ['甲一', '甲二']);
    const other = await route('路线乙', 'key_area', ['乙一']);
    const [otherToken] = await tokensOf(other.id);
    const p = ok(await w.guard.post('/api/v1/patrols', { routeId: mine.id }), 201);
    const wrong = await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: otherToken });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatchObject({ code: 'patrol.wrongRoute', fields: [{ path: 'token' }] });
    expect((await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: String(mine.checkpoints[0].id) })).json.error.code).toBe('patrol.unknownCheckpoint');

    const t2 = await createTestApp({}, { clock, database: t.database, modules: GATE_MODULES });
    try {
      const w2 = await gateWorld(t2);
      const r2 = ok(await w2.director.post('/api/v1/patrols/routes', { name: '别校路线', kind: 'key_area', intervalMinutes: 10, checkpoints: [{ name: '别校点' }] }), 201);
      const [foreign] = await tokensOf(r2.id, w2.s.schoolId);
      expect((await w.guard.post(`/api/v1/patrols/${p.id}/scan`, { token: foreign })).json.error.code).toBe('patrol.unknownCheckpoint');
    } finally { await t2.close(); }
    const [own] = await tokensOf(mine.id);
    expect((await w.dorm.post(`/api/v1/patrols/${p.id}/scan`, { token: own })).json.error.code).toBe('patrol.notYours');
    expect(ok(await w.guard.get(`/api/v1/patrols/${p.id}`)).scannedCount).toBe(0);
  });
});

describe('the rule: patrols per day and per night', () => {
  async function walk(routeId: number, at: Date, who = w.guard) {
    clock.set(at);
    const p = ok(await who.post('/api/v1/patrols', { routeId }), 201);
    for (const token of await tokensOf(routeId)) {
      clock.advance(2 * MIN);
      ok(await who.post(`/api/v1/patrols/${p.id}/scan`, { token }));
    }
    ok(await who.post(`/api/v1/patrols/${p.id}/finish`, {}));
    return p.id as number;
  }

  it('counts key areas a day (≥ 5) and dorm nights (≥ 2, boarding schools, school nights) and lists the days short', async () => {
    await t.db.execute(sql`UPDATE schools SET boarding = true WHERE id = ${w.s.schoolId}`);
    const key = await route('规则-重点部位', 'key_area', ['点1']);
    const dorm = await route('规则-宿舍', 'dorm_night', ['宿舍1']);
    // Tue 1 Dec: 5 key-area patrols; Wed 2 Dec: 4.
    for (const hm of ['07:30', '10:00', '12:30', '15:00', '17:30']) await walk(key.id, shanghai(`2026-12-01T${hm}`));
    for (const hm of ['07:30', '10:00', '12:30', '15:00']) await walk(key.id, shanghai(`2026-12-02T${hm}`));
    // The night of Tue 1 Dec: 21:40 and 00:30 (after midnight, still that night); the night of Wed 2 Dec: only one.
    await walk(dorm.id, shanghai('2026-12-01T21:40'), w.dorm);
    const late = await walk(dorm.id, shanghai('2026-12-02T00:30'), w.dorm);
    expect(ok(await w.director.get(`/api/v1/patrols/${late}`)).countsFor).toBe('2026-12-01');
    await walk(dorm.id, shanghai('2026-12-02T21:40'), w.dorm);

    // Wednesday afternoon: Tuesday is over and fine; Wednesday is not over, not yet short.
    clock.set(shanghai('2026-12-02T16:00'));
    let f = ok(await w.director.get('/api/v1/patrols/figures?month=2026-12'));
    const day = (d: string) => f.days.find((x: { date: string }) => x.date === d);
    expect(day('2026-12-01')).toMatchObject({ keyArea: 5, dormNight: 2, short: ['fire'], over: true });
    expect(day('2026-12-02')).toMatchObject({ keyArea: 4, short: [], over: false });
    // Thursday morning: Wednesday fell short of the key-area rule, and its night of the dorm rule.
    clock.set(shanghai('2026-12-03T07:00'));
    f = ok(await w.director.get('/api/v1/patrols/figures?month=2026-12'));
    expect(day('2026-12-02').short).toEqual(['key_area', 'dorm_night', 'fire']);
    expect(f.shortDays).toEqual(['2026-12-01', '2026-12-02']);
    expect(f).toMatchObject({ boarding: true, rules: { keyAreaPerDay: 5, dormPerNight: 2, firePerDay: 1 } });

    // With a fire patrol a day and no fire rule short, and Saturday's night not a school night.
    const settings = ok(await w.director.get('/api/v1/settings/patrol'));
    ok(await w.director.patch('/api/v1/settings/patrol', { values: { firePerDay: 0 }, version: settings.version }));
    f = ok(await w.director.get('/api/v1/patrols/figures?month=2026-12'));
    expect(f.shortDays).toEqual(['2026-12-02']);
    clock.set(shanghai('2026-12-07T07:00'));
    f = ok(await w.director.get('/api/v1/patrols/figures?month=2026-12'));
    expect(day('2026-12-05')).toMatchObject({ short: ['key_area'] });

    const figures = await gateFigures(t.db, w.s.schoolId, '2026-12', clock);
    expect(figures).toMatchObject({ patrolsMonth: 12, missedCheckpointsMonth: 0 });
    expect(figures.patrolDaysShort).toBe(f.shortDays.length);
  });
});
