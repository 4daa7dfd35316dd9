import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { runDueSchedules } from '../../platform/schedules';
import { repairOrders } from './repairs.tables';
import { sweepRepairs, repairsModule } from './index';
import { repairsWorld, report, ok, BODIES, type RepairsWorld } from './repairs.fixture';

/* Time-driven behaviour with a clock the test moves: overdue flags reach the directors once,
 * unconfirmed orders close themselves, maintenance plans make one order per occurrence. */

const clock = manualClock('2026-11-02T00:00:00Z');
let t: TestApp;
let w: RepairsWorld;

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  w = await repairsWorld(t);
});
afterAll(async () => t.close());

const HOUR = 3600_000;
const notices = async (kind: string, entityId: number) => Number((await rowsOf<{ n: number }>(t.db, sql`
  SELECT count(*)::int AS n FROM notifications WHERE school_id = ${w.s.schoolId} AND kind = ${kind} AND entity_id = ${entityId}`))[0].n);
const detail = async (id: number) => ok(await w.director.get(`/api/v1/repairs/${id}`));

describe('overdue', () => {
  it('flags an urgent order not accepted within 2 h, once, and tells the directors once', async () => {
    clock.set('2026-11-02T00:00:00Z');
    const o = ok(await report(w.teacher, w.loc.room301, { urgency: 'urgent' }), 201);
    clock.advance(HOUR);
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect((await detail(o.id)).overdue).toBe(false);
    clock.set('2026-11-02T02:00:01Z');
    // Two sweeps at once (two processes): still one flag, one event, one notice per director.
    await Promise.all([sweepRepairs(t.db, clock, { schoolId: w.s.schoolId }), sweepRepairs(t.db, clock, { schoolId: w.s.schoolId })]);
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    const d = await detail(o.id);
    expect(d.overdue).toBe(true);
    expect(d.events.filter((e: { kind: string }) => e.kind === 'overdue')).toEqual([expect.objectContaining({ data: { what: 'response' }, at: '2026-11-02T02:00:01.000Z' })]);
    expect(await notices('repairs.notify.overdue', o.id)).toBe(1);
    const note = ok(await w.director.get('/api/v1/notifications')).items.find((n: { entityId: number; kind: string }) => n.entityId === o.id && n.kind === 'repairs.notify.overdue');
    expect(note.title).toContain('未按时接单');
    expect(ok(await w.director.get('/api/v1/repairs?overdue=true&limit=200')).items.map((x: { id: number }) => x.id)).toContain(o.id);
    // Accepting late does not flag it again when the completion deadline passes too.
    ok(await w.director.post(`/api/v1/repairs/${o.id}/dispatch`, { assigneeId: w.ids.worker }));
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/accept`, {}));
    clock.set('2026-11-03T01:00:00Z');
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect(await notices('repairs.notify.overdue', o.id)).toBe(1);
  });

  it('flags a normal order accepted in time but not done within 3 days', async () => {
    clock.set('2026-11-04T00:00:00Z');
    const o = ok(await report(w.teacher, w.loc.room301), 201);
    ok(await w.director.post(`/api/v1/repairs/${o.id}/dispatch`, { assigneeId: w.ids.worker }));
    clock.set('2026-11-04T05:00:00Z');
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/accept`, {}));
    clock.set('2026-11-06T23:59:00Z');
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect((await detail(o.id)).overdue).toBe(false);
    clock.set('2026-11-07T00:00:01Z');
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    const d = await detail(o.id);
    expect(d.overdue).toBe(true);
    expect(d.events.at(-1)).toMatchObject({ kind: 'overdue', data: { what: 'done' }, fromState: 'in_progress', toState: 'in_progress' });
    // Finishing late keeps the flag: it counts in the statistics' overdue share.
    expect(ok(await w.worker.post(`/api/v1/repairs/${o.id}/complete`, BODIES.complete)).overdue).toBe(true);
  });

  it('leaves orders done in time, cancelled or closed alone', async () => {
    clock.set('2026-11-08T00:00:00Z');
    const c = ok(await report(w.teacher, w.loc.room301, { urgency: 'urgent' }), 201);
    ok(await w.teacher.post(`/api/v1/repairs/${c.id}/cancel`, BODIES.cancel));
    clock.set('2026-11-12T00:00:00Z');
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect((await detail(c.id)).overdue).toBe(false);
  });
});

describe('auto-close', () => {
  it('closes an order the reporter did not confirm within 3 days of completion, without a rating', async () => {
    clock.set('2026-11-10T00:00:00Z');
    const o = ok(await report(w.teacher, w.loc.room302), 201);
    ok(await w.director.post(`/api/v1/repairs/${o.id}/dispatch`, { assigneeId: w.ids.worker }));
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/accept`, {}));
    clock.set('2026-11-10T03:00:00Z');
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/complete`, BODIES.complete));
    const confirmTask = async () => ok(await w.teacher.get('/api/v1/tasks/mine?scope=all')).items.some((x: { kind: string; entityId: number }) => x.kind === 'repairs.task.confirm' && x.entityId === o.id);
    expect(await confirmTask()).toBe(true);
    clock.set('2026-11-13T02:59:00Z');
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect((await detail(o.id)).state).toBe('completed');
    clock.set('2026-11-13T03:00:01Z');
    const r = await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect(r.closed).toBeGreaterThanOrEqual(1);
    const d = await detail(o.id);
    expect(d).toMatchObject({ state: 'closed', closedAt: '2026-11-13T03:00:01.000Z', rating: null });
    expect(d.events.at(-1)).toMatchObject({ kind: 'autoClosed', fromState: 'completed', toState: 'closed', actorId: null });
    expect(await confirmTask()).toBe(false);
    expect(await notices('repairs.notify.autoClosed', o.id)).toBe(1);
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect((await detail(o.id)).events.filter((e: { kind: string }) => e.kind === 'autoClosed')).toHaveLength(1);
    // Still within the 7-day window: the reporter can send it back.
    expect(ok(await w.teacher.get(`/api/v1/repairs/${o.id}`)).actions).toEqual(['reopen']);
  });

  it('follows the school\'s setting', async () => {
    const settings = ok(await w.director.get('/api/v1/settings/repairs'));
    expect(settings.values).toMatchObject({ autoCloseDays: 3, reopenDays: 7, limits: { urgent: { responseHours: 2, doneHours: 24 }, normal: { responseHours: 24, doneHours: 72 } } });
    expect(settings.values.categories.map((c: { code: string }) => c.code)).toEqual(['water', 'electric', 'doorWindow', 'furniture', 'multimedia', 'network', 'building', 'other']);
    ok(await w.director.patch('/api/v1/settings/repairs', { values: { autoCloseDays: 5 } }));
    clock.set('2026-11-14T00:00:00Z');
    const o = ok(await report(w.teacher, w.loc.room302), 201);
    ok(await w.director.post(`/api/v1/repairs/${o.id}/dispatch`, { assigneeId: w.ids.worker }));
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/accept`, {}));
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/complete`, BODIES.complete));
    clock.set('2026-11-18T00:00:00Z');
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect((await detail(o.id)).state).toBe('completed');
    clock.set('2026-11-19T00:00:01Z');
    await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
    expect((await detail(o.id)).state).toBe('closed');
    ok(await w.director.patch('/api/v1/settings/repairs', { values: { autoCloseDays: 3 } }));
  });
});

describe('maintenance plans', () => {
  const handlers = repairsModule.schedules!;
  const planOrders = async (planId: number) => t.db.select().from(repairOrders).where(and(eq(repairOrders.schoolId, w.s.schoolId), eq(repairOrders.planId, planId))).orderBy(repairOrders.id);
  let planId: number;

  it('saves a plan with its schedule and shows the next due times', async () => {
    clock.set('2026-11-20T00:00:00Z');
    const plan = ok(await w.director.post('/api/v1/repairs/plans', {
      name: '每月检查灭火器', category: 'other', description: '按消防要求检查', locationIds: [w.loc.room301, w.loc.canteen], assetIds: [12],
      checklist: ['压力表在绿区', '铅封完好'], assigneeId: w.ids.worker,
      schedule: { freq: 'monthly', monthDay: 5, time: '08:00', startsOn: '2026-11-01' },
    }), 201);
    planId = plan.id;
    expect(plan).toMatchObject({ active: true, orderCount: 0, assigneeId: w.ids.worker, locations: [{ id: w.loc.room301, path: '教学楼 / 三楼 / 301教室' }, { id: w.loc.canteen, name: '食堂' }] });
    // 08:00 in Shanghai is midnight UTC.
    expect(plan.nextDue.slice(0, 2)).toEqual(['2026-12-05T00:00:00.000Z', '2027-01-05T00:00:00.000Z']);
    expect((await w.teacher.post('/api/v1/repairs/plans', { ...plan, name: 'x' })).status).toBe(403);
    const bad = await w.director.post('/api/v1/repairs/plans', { name: 'x', category: 'other', locationIds: [], schedule: { freq: 'daily', time: '08:00', startsOn: '2026-11-01' } });
    expect(bad.status).toBe(400);
    expect(ok(await w.director.get('/api/v1/repairs/plans')).items.map((p: { id: number }) => p.id)).toContain(planId);
  });

  it('makes one order per occurrence: a second run and a clock moved back make none', async () => {
    clock.set('2026-12-05T00:30:00Z');
    expect(await runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId })).toBe(1);
    expect(await runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId })).toBe(0);
    const [o] = await planOrders(planId);
    expect(await planOrders(planId)).toHaveLength(1);
    expect(o).toMatchObject({ urgency: 'planned', plannedDate: '2026-12-05', state: 'dispatched', assigneeId: w.ids.worker, locationId: w.loc.room301, assetId: 12, category: 'other' });
    expect(o.reportedAt.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(o.doneDueAt.toISOString()).toBe('2026-12-05T15:59:59.999Z');
    expect(o.description).toContain('【维护计划】每月检查灭火器');
    expect(o.description).toContain('1. 压力表在绿区');
    expect(o.description).toContain('食堂');
    clock.set('2026-12-04T00:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId })).toBe(0);
    expect(await planOrders(planId)).toHaveLength(1);
  });

  it('two runners at once make the next occurrence once', async () => {
    clock.set('2027-01-05T00:00:05Z');
    const ran = await Promise.all([runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId }), runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId })]);
    expect(ran[0] + ran[1]).toBe(1);
    const orders = await planOrders(planId);
    expect(orders.map((o) => o.plannedDate)).toEqual(['2026-12-05', '2027-01-05']);
    expect(ok(await w.director.get(`/api/v1/repairs/plans/${planId}`))).toMatchObject({ orderCount: 2, lastOrderId: orders[1].id });
    expect(ok(await w.director.get(`/api/v1/repairs?planId=${planId}`)).items).toHaveLength(2);
  });

  it('after downtime makes only the latest missed occurrence', async () => {
    clock.set('2027-04-06T00:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId })).toBe(1);
    expect((await planOrders(planId)).map((o) => o.plannedDate)).toEqual(['2026-12-05', '2027-01-05', '2027-04-05']);
  });

  it('edits and deletes keep the schedule in step with the plan', async () => {
    const edited = ok(await w.director.patch(`/api/v1/repairs/plans/${planId}`, { active: false }));
    expect(edited).toMatchObject({ active: false, nextDue: [] });
    clock.set('2027-05-05T01:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId })).toBe(0);
    ok(await w.director.patch(`/api/v1/repairs/plans/${planId}`, { active: true, schedule: { freq: 'weekly', weekdays: [1], time: '07:30', startsOn: '2027-05-01' }, locationIds: [w.loc.canteen] }));
    const run = ok(await w.director.post(`/api/v1/repairs/plans/${planId}/run-now`), 201);
    const now = ok(await w.director.get(`/api/v1/repairs/${run.orderId}`));
    expect(now).toMatchObject({ planId, locationId: w.loc.canteen, urgency: 'planned', plannedDate: '2027-05-05' });
    expect((await w.director.request('DELETE', `/api/v1/repairs/plans/${planId}`)).status).toBe(204);
    clock.set('2027-06-01T00:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId })).toBe(0);
    expect((await w.director.get(`/api/v1/repairs/plans/${planId}`)).status).toBe(404);
    // The orders it made stay, as history.
    expect((await planOrders(planId)).length).toBe(4);
  });
});
