import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { gateWorld, ok, shanghai, GATE_MODULES, type GateWorld } from './gate.fixture';

/* Duty: the week's roster, who is on duty now, handovers confirmed by the incoming person only,
 * swaps approved by the director once (two approvals at once: one wins, one 409). */

const MON_9 = shanghai('2026-11-16T09:00');
const clock = manualClock(MON_9);
let t: TestApp;
let w: GateWorld;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: GATE_MODULES });
  w = await gateWorld(t);
});
afterAll(async () => t.close());
beforeEach(() => clock.set(MON_9));

const shift = (kind: string, date: string, userId: number) => w.director.post('/api/v1/duty/shifts', { kind, date, userId });

describe('the roster', () => {
  it('keeps a week of 24 h gate shifts, teachers and leaders; answers who is on duty now', async () => {
    ok(await shift('gate', '2026-11-15', w.s.users.guard.id), 201);
    ok(await shift('gate', '2026-11-16', w.s.users.repair_worker.id), 201);
    ok(await shift('leader', '2026-11-16', w.s.users.vice_principal.id), 201);
    ok(await shift('teacher', '2026-11-16', w.s.users.teacher.id), 201);
    const dup = await shift('teacher', '2026-11-16', w.s.users.teacher.id);
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields[0].path).toBe('userId');

    const week = ok(await w.guard.get('/api/v1/duty/roster?week=2026-11-19'));
    expect(week.weekStart).toBe('2026-11-16');
    expect(week.days).toHaveLength(7);
    const gate = week.shifts.find((x: { kind: string }) => x.kind === 'gate');
    // The gate's shift: 08:00 to 08:00 the next day.
    expect(gate).toMatchObject({ date: '2026-11-16', startsAt: shanghai('2026-11-16T08:00').toISOString(), endsAt: shanghai('2026-11-17T08:00').toISOString() });

    // 07:30 Monday: Sunday's guard is still on; at 09:00 Monday's.
    clock.set(shanghai('2026-11-16T07:30'));
    const early = ok(await w.teacher.get('/api/v1/duty/now'));
    expect(early.now.filter((x: { kind: string }) => x.kind === 'gate').map((x: { userId: number }) => x.userId)).toEqual([w.s.users.guard.id]);
    clock.set(MON_9);
    const now = ok(await w.teacher.get('/api/v1/duty/now'));
    expect(now.now.map((x: { userId: number }) => x.userId).sort()).toEqual([w.s.users.repair_worker.id, w.s.users.vice_principal.id, w.s.users.teacher.id].sort());
    expect(now.today.map((x: { kind: string }) => x.kind).sort()).toEqual(['gate', 'leader', 'teacher']);
  });

  it('copies last week onto the next, skipping what is there', async () => {
    const r = ok(await w.director.post('/api/v1/duty/roster/copy', { fromWeek: '2026-11-16', toWeek: '2026-11-23' }));
    expect(r.copied).toBeGreaterThanOrEqual(3);
    const again = ok(await w.director.post('/api/v1/duty/roster/copy', { fromWeek: '2026-11-16', toWeek: '2026-11-23' }));
    expect(again.copied).toBe(0);
    expect((await w.guard.post('/api/v1/duty/roster/copy', { fromWeek: '2026-11-16', toWeek: '2026-11-23' })).status).toBe(403);
  });
});

describe('handovers', () => {
  it('are written by the outgoing person and confirmed by the incoming one, once', async () => {
    const h = ok(await w.guard.post('/api/v1/duty/handovers', { kind: 'gate', note: '夜间巡查三次无异常；东门路灯不亮', toUserId: w.s.users.repair_worker.id }), 201);
    expect(h).toMatchObject({ state: 'open', fromUserId: w.s.users.guard.id, canConfirm: false });
    const own = await w.guard.post(`/api/v1/duty/handovers/${h.id}/confirm`, {});
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('duty.ownHandover');
    // Another person than the one named may not confirm.
    expect((await w.teacher.post(`/api/v1/duty/handovers/${h.id}/confirm`, {})).json.error.code).toBe('duty.notYourHandover');
    const { login } = await import('../../test/harness');
    const incoming = await login(t.app, w.s.users.repair_worker.username);
    const listed = ok(await incoming.get('/api/v1/duty/handovers?open=true')).items.find((x: { id: number }) => x.id === h.id);
    expect(listed.canConfirm).toBe(true);
    clock.advance(5 * 60_000);
    const done = ok(await incoming.post(`/api/v1/duty/handovers/${h.id}/confirm`, { note: '已接班' }));
    expect(done).toMatchObject({ state: 'confirmed', confirmNote: '已接班', confirmedAt: new Date(MON_9.getTime() + 5 * 60_000).toISOString() });
    expect((await incoming.post(`/api/v1/duty/handovers/${h.id}/confirm`, {})).status).toBe(409);
  });

  it('without a named person: any other of the duty confirms', async () => {
    const h = ok(await w.guard.post('/api/v1/duty/handovers', { note: '一切正常' }), 201);
    expect(ok(await w.director.post(`/api/v1/duty/handovers/${h.id}/confirm`, {})).state).toBe('confirmed');
  });
});

describe('swaps', () => {
  it('are approved by the director once; the shift changes hands', async () => {
    const s1 = ok(await shift('teacher', '2026-11-18', w.s.users.teacher.id), 201);
    const swap = ok(await w.teacher.post('/api/v1/duty/swaps', { shiftId: s1.id, withUserId: w.s.users.head_teacher.id, reason: '外出教研' }), 201);
    expect(swap).toMatchObject({ state: 'pending', actions: ['cancel'] });
    expect((await w.teacher.post('/api/v1/duty/swaps', { shiftId: s1.id, withUserId: w.s.users.head_teacher.id, reason: '再来' })).json.error.code).toBe('duty.swapPending');
    expect((await w.teacher.post(`/api/v1/duty/swaps/${swap.id}/approve`, {})).status).toBe(403);

    const vice = await (await import('../../test/harness')).login(t.app, w.s.users.director.username);
    const answers = await Promise.all([w.director.post(`/api/v1/duty/swaps/${swap.id}/approve`, {}), vice.post(`/api/v1/duty/swaps/${swap.id}/approve`, {})]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const week = ok(await w.guard.get('/api/v1/duty/roster?week=2026-11-18&kind=teacher'));
    expect(week.shifts.find((x: { id: number }) => x.id === s1.id).userId).toBe(w.s.users.head_teacher.id);
    expect((await w.director.post(`/api/v1/duty/swaps/${swap.id}/reject`, {})).json.error.code).toBe('duty.swapDecided');
  });

  it('refuses a shift that is not mine, or already started; rejecting changes nothing', async () => {
    const s2 = ok(await shift('teacher', '2026-11-19', w.s.users.head_teacher.id), 201);
    expect((await w.teacher.post('/api/v1/duty/swaps', { shiftId: s2.id, withUserId: w.s.users.guard.id, reason: 'x' })).status).toBe(403);
    const started = ok(await shift('leader', '2026-11-16', w.s.users.director.id), 201);
    expect((await w.director.post('/api/v1/duty/swaps', { shiftId: started.id, withUserId: w.s.users.principal.id, reason: 'x' })).json.error.code).toBe('duty.shiftStarted');
    const swap = ok(await w.head.post('/api/v1/duty/swaps', { shiftId: s2.id, withUserId: w.s.users.teacher.id, reason: '家中有事' }), 201);
    expect(ok(await w.director.post(`/api/v1/duty/swaps/${swap.id}/reject`, { note: '人手不足' })).state).toBe('rejected');
    const week = ok(await w.guard.get('/api/v1/duty/roster?week=2026-11-19&kind=teacher'));
    expect(week.shifts.find((x: { id: number }) => x.id === s2.id).userId).toBe(w.s.users.head_teacher.id);
  });
});
