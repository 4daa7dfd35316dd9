import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { REPAIR_ACTIONS, REPAIR_STATES, type RepairAction } from '../../../contracts/repairs';
import { TRANSITIONS } from './repairs.service';
import { repairsWorld, orderIn, report, ok, BODIES, type RepairsWorld } from './repairs.fixture';

/* The work order's state machine: every legal step from every state works, every illegal one
 * answers 409 and changes nothing; two people acting at once produce one change and one 409. */

const clock = manualClock('2026-11-16T01:00:00Z');
let t: TestApp;
let w: RepairsWorld;

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  w = await repairsWorld(t);
});
afterAll(async () => t.close());

const bodyOf = (a: RepairAction) => (a === 'dispatch' ? BODIES.dispatch(w.ids.director) : BODIES[a]);

describe('state machine', () => {
  it('has the transitions of the issue, and no others', () => {
    const legal = Object.fromEntries(REPAIR_ACTIONS.map((a) => [a, [...TRANSITIONS[a].from].sort()]));
    expect(legal).toEqual({
      dispatch: ['reopened', 'reported'], accept: ['dispatched', 'reopened'], complete: ['in_progress'],
      confirm: ['completed'], reopen: ['closed', 'completed'], cancel: ['dispatched', 'reported'],
    });
    expect(Object.fromEntries(REPAIR_ACTIONS.map((a) => [a, TRANSITIONS[a].to]))).toEqual({
      dispatch: 'dispatched', accept: 'in_progress', complete: 'completed', confirm: 'closed', reopen: 'reopened', cancel: 'cancelled',
    });
  });

  for (const state of REPAIR_STATES) {
    for (const action of REPAIR_ACTIONS) {
      const legal = TRANSITIONS[action].from.includes(state);
      it(`${action} from ${state} ${legal ? `→ ${TRANSITIONS[action].to}` : 'is refused with 409'}`, async () => {
        const id = await orderIn(w, state);
        const before = ok(await w.boss.get(`/api/v1/repairs/${id}`));
        expect(before.state).toBe(state);
        expect(before.actions.includes(action)).toBe(legal);
        const res = await w.boss.post(`/api/v1/repairs/${id}/${action}`, bodyOf(action));
        const after = ok(await w.boss.get(`/api/v1/repairs/${id}`));
        if (legal) {
          const body = ok(res);
          expect(body.state).toBe(TRANSITIONS[action].to);
          expect(after.version).toBe(before.version + 1);
          const last = after.events[after.events.length - 1];
          expect(last).toMatchObject({ kind: action, fromState: state, toState: TRANSITIONS[action].to, actorId: w.ids.director });
        } else {
          expect(res.status, res.body).toBe(409);
          expect(res.json.error.code).toBe('repairs.illegalTransition');
          expect(after).toEqual(before);
        }
      });
    }
  }

  it('records who did each step and when, with the times on the order', async () => {
    clock.set('2026-11-16T02:00:00Z');
    const o = ok(await report(w.teacher, w.loc.room302, { category: 'electric', description: '灯管不亮' }), 201);
    expect(o.code).toMatch(/^WX20261116-\d{4}$/);
    expect(o.state).toBe('reported');
    expect(o.reportedAt).toBe('2026-11-16T02:00:00.000Z');
    // Normal urgency: respond within 24 h, done within 3 days.
    expect(o.responseDueAt).toBe('2026-11-17T02:00:00.000Z');
    expect(o.doneDueAt).toBe('2026-11-19T02:00:00.000Z');
    clock.set('2026-11-16T02:10:00Z');
    ok(await w.director.post(`/api/v1/repairs/${o.id}/dispatch`, { assigneeId: w.ids.worker }));
    clock.set('2026-11-16T02:40:00Z');
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/accept`, {}));
    clock.set('2026-11-16T04:00:00Z');
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/complete`, BODIES.complete));
    clock.set('2026-11-16T05:00:00Z');
    const done = ok(await w.teacher.post(`/api/v1/repairs/${o.id}/confirm`, { rating: 4, comment: '好' }));
    expect(done).toMatchObject({
      state: 'closed', dispatchedAt: '2026-11-16T02:10:00.000Z', acceptedAt: '2026-11-16T02:40:00.000Z',
      completedAt: '2026-11-16T04:00:00.000Z', closedAt: '2026-11-16T05:00:00.000Z', rating: 4, comment: '好', hours: 1.5,
      assigneeId: w.ids.worker, items: [{ name: '更换灯管', quantity: 2, unit: '支' }], overdue: false,
    });
    expect(done.events.map((e: { kind: string; actorId: number | null; at: string }) => [e.kind, e.actorId, e.at])).toEqual([
      ['reported', w.ids.teacher, '2026-11-16T02:00:00.000Z'], ['dispatch', w.ids.director, '2026-11-16T02:10:00.000Z'],
      ['accept', w.ids.worker, '2026-11-16T02:40:00.000Z'], ['complete', w.ids.worker, '2026-11-16T04:00:00.000Z'],
      ['confirm', w.ids.teacher, '2026-11-16T05:00:00.000Z'],
    ]);
    // Everyone's next steps are gone once it is closed, except reopening for the reporter.
    expect(done.actions).toEqual(['reopen']);
    expect(ok(await w.director.get(`/api/v1/repairs/${o.id}`)).actions).toEqual([]);
  });

  it('reopens to the same worker with fresh deadlines, only within the reopen window', async () => {
    clock.set('2026-11-16T06:00:00Z');
    const o = ok(await report(w.teacher, w.loc.room302, { urgency: 'urgent' }), 201);
    ok(await w.director.post(`/api/v1/repairs/${o.id}/dispatch`, { assigneeId: w.ids.worker }));
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/accept`, {}));
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/complete`, { note: '修好', hours: 1, items: [] }));
    clock.set('2026-11-17T06:00:00Z');
    const back = ok(await w.teacher.post(`/api/v1/repairs/${o.id}/reopen`, { reason: '又坏了' }));
    expect(back).toMatchObject({ state: 'reopened', assigneeId: w.ids.worker, reopenCount: 1, responseDueAt: '2026-11-17T08:00:00.000Z', doneDueAt: '2026-11-18T06:00:00.000Z' });
    expect(ok(await w.worker.get(`/api/v1/repairs/${o.id}`)).actions).toEqual(['accept']);
    ok(await w.worker.post(`/api/v1/repairs/${o.id}/accept`, {}));
    const again = ok(await w.worker.post(`/api/v1/repairs/${o.id}/complete`, { note: '换了镇流器', hours: 0.5, items: [{ name: '更换镇流器', quantity: 1, unit: '个' }] }));
    expect(again.hours).toBe(1.5);
    expect(again.acceptedAt).toBe(ok(await w.director.get(`/api/v1/repairs/${o.id}`)).acceptedAt);
    // Eight days after completion the window (7 days) has closed.
    clock.set('2026-11-25T06:00:01Z');
    const late = await w.teacher.post(`/api/v1/repairs/${o.id}/reopen`, { reason: '还是坏' });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('repairs.reopenExpired');
    expect(ok(await w.teacher.get(`/api/v1/repairs/${o.id}`)).actions).toEqual(['confirm']);
  });
});

describe('two people at once', () => {
  it('two dispatches of one order: one 200, one 409, one dispatch event', async () => {
    const id = await orderIn(w, 'reported');
    const answers = await Promise.all([
      w.director.post(`/api/v1/repairs/${id}/dispatch`, { assigneeId: w.ids.worker }),
      w.admin.post(`/api/v1/repairs/${id}/dispatch`, { assigneeId: w.ids.worker2 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const after = ok(await w.director.get(`/api/v1/repairs/${id}`));
    expect(after.events.filter((e: { kind: string }) => e.kind === 'dispatch')).toHaveLength(1);
    expect(after.version).toBe(2);
  });

  it('two completes of one order: one 200, one 409, the items recorded once', async () => {
    const id = await orderIn(w, 'in_progress');
    const answers = await Promise.all([1, 2].map(() => w.boss.post(`/api/v1/repairs/${id}/complete`, BODIES.complete)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const after = ok(await w.boss.get(`/api/v1/repairs/${id}`));
    expect(after.items).toHaveLength(1);
    expect(after.hours).toBe(1.5);
    expect(after.events.filter((e: { kind: string }) => e.kind === 'complete')).toHaveLength(1);
  });

  it('two confirmations (a double tap): one rating counts, the other gets 409', async () => {
    const id = await orderIn(w, 'completed');
    const answers = await Promise.all([
      w.boss.post(`/api/v1/repairs/${id}/confirm`, { rating: 5 }),
      w.boss.post(`/api/v1/repairs/${id}/confirm`, { rating: 2 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const after = ok(await w.boss.get(`/api/v1/repairs/${id}`));
    expect(after.rating).toBe(answers.find((a) => a.status === 200)!.json.rating);
    expect(after.events.filter((e: { kind: string }) => e.kind === 'confirm')).toHaveLength(1);
  });
});
