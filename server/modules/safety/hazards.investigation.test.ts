import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { runDueSchedules } from '../../platform/schedules';
import { sweepOverdueTasks } from '../../platform/tasks';
import { inspectionWorld, ok, refused, photo, type InspectionWorld } from '../../platform/inspections.fixture';
import { INVESTIGATION_OWNER, INVESTIGATION_TASK_KIND, ensureInvestigationSchedules, investigationScheduleHandler } from './hazards.investigation';
import { hazardFigures } from './hazards.figures';

/* The monthly hazard investigation (每月一次安全隐患排查) on the schedules engine: a task on the
 * schedule's day, closed by that month's investigation only, following the school's settings. */

const clock = manualClock('2026-10-20T02:00:00Z');
let t: TestApp;

/** The school's wall clock: '2026-11-01 08:01' in Shanghai. */
const at = (local: string) => clock.set(new Date(`${local.replace(' ', 'T')}:00+08:00`));
const handlers = { [INVESTIGATION_OWNER]: investigationScheduleHandler };
const run = (w: InspectionWorld) => runDueSchedules(t.db, clock, handlers, { schoolId: w.s.schoolId });

interface Task { id: number; kind: string; title: string; link: string; dueAt: string; overdue: boolean }
const tasksOf = async (c: InspectionWorld['vice']): Promise<Task[]> =>
  ok(await c.get('/api/v1/tasks/mine?scope=all')).items.filter((k: Task) => k.kind === INVESTIGATION_TASK_KIND);
const taskRows = (w: InspectionWorld) => rowsOf<{ entity_id: number; state: string; assignee_id: number | null; role: string | null; due_at: Date | string }>(t.db,
  sql`SELECT entity_id, state, assignee_id, role, due_at FROM tasks WHERE school_id = ${w.s.schoolId} AND kind = ${INVESTIGATION_TASK_KIND} ORDER BY entity_id`);

/** An inspection on a checklist of the safety domain, every item passed (photos where required), submitted. */
async function inspect(w: InspectionWorld, code: string, startAt: string, submitAt = startAt, beforeSubmit?: () => Promise<void>): Promise<number> {
  at(startAt);
  const templates = ok(await w.vice.get('/api/v1/inspection-templates?domain=safety')).items;
  const tpl = templates.find((x: { code: string }) => x.code === code);
  const insp = ok(await w.vice.post('/api/v1/inspections', { templateId: tpl.id, zone: '全校' }), 201);
  const results = [];
  for (const i of insp.items as { id: number; photoRequired: boolean; mode: string; maxScore: number | null }[]) {
    results.push({ itemId: i.id, outcome: 'pass', ...(i.mode === 'score' ? { score: i.maxScore } : {}), ...(i.photoRequired ? { photoIds: [await photo(w.vice)] } : {}) });
  }
  ok(await w.vice.patch(`/api/v1/inspections/${insp.id}`, { results }));
  at(submitAt);
  await beforeSubmit?.();
  ok(await w.vice.post(`/api/v1/inspections/${insp.id}/submit`, {}));
  return insp.id as number;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock });
});
afterAll(async () => t.close());

describe('the monthly hazard investigation', () => {
  it('is a task for the vice principal on the schedule day, linked to the monthly checklist, closed by submitting it', async () => {
    const w = await inspectionWorld(t);
    at('2026-10-20 10:00');
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(0);
    at('2026-11-01 07:59');
    expect(await run(w)).toBe(0);
    expect(await tasksOf(w.vice)).toEqual([]);
    at('2026-11-01 08:01');
    expect(await run(w)).toBe(1);
    expect(await run(w)).toBe(0);
    const [task] = await tasksOf(w.vice);
    const templates = ok(await w.vice.get('/api/v1/inspection-templates?domain=safety')).items;
    const monthly = templates.find((x: { code: string }) => x.code === 'safety.hazard_monthly');
    expect(task).toMatchObject({ title: expect.stringContaining('本月安全隐患排查'), link: `/inspections?start=1&templateId=${monthly.id}`, overdue: false });
    expect(new Date(task.dueAt).toISOString()).toBe(new Date('2026-11-25T23:59:00+08:00').toISOString());
    expect(await tasksOf(w.teacher)).toEqual([]);
    expect((await hazardFigures(t.db, w.s.schoolId, '2026-11', clock)).investigation).toMatchObject({ state: 'due', dueOn: '2026-11-25', inspectionId: null, templateId: monthly.id });

    const id = await inspect(w, 'safety.hazard_monthly', '2026-11-06 09:00', '2026-11-06 11:00');
    expect(await tasksOf(w.vice)).toEqual([]);
    expect((await taskRows(w)).map((r) => [Number(r.entity_id), r.state])).toEqual([[202611, 'done']]);
    expect((await hazardFigures(t.db, w.s.schoolId, '2026-11', clock)).investigation).toMatchObject({ state: 'done', inspectionId: id, doneOn: '2026-11-06' });
    const home = ok(await w.director.get('/api/v1/safety/home?month=2026-11'));
    expect(home.hazards.investigation).toMatchObject({ state: 'done', inspectionId: id });
  });

  it('is not closed by another checklist or by an investigation of another month; late, it tells the owner and the directors', async () => {
    const w = await inspectionWorld(t);
    at('2026-10-20 10:00');
    await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId });
    // October's investigation, started on the 31st and submitted after November's task appeared: October's, not November's.
    at('2026-10-31 22:00');
    expect(await run(w)).toBe(0);
    await inspect(w, 'safety.hazard_monthly', '2026-10-31 22:00', '2026-11-01 09:00', async () => { expect(await run(w)).toBe(1); });
    await inspect(w, 'safety.fire_daily', '2026-11-02 21:00');
    await inspect(w, 'safety.fire_equipment_monthly', '2026-11-03 10:00');
    expect(await tasksOf(w.vice)).toHaveLength(1);
    expect((await taskRows(w)).map((r) => r.state)).toEqual(['open']);
    expect((await hazardFigures(t.db, w.s.schoolId, '2026-10', clock)).investigation.state).toBe('done');

    at('2026-11-26 00:10');
    expect((await hazardFigures(t.db, w.s.schoolId, '2026-11', clock)).investigation.state).toBe('overdue');
    expect(await sweepOverdueTasks(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    for (const c of [w.vice, w.director]) {
      const notes = ok(await c.get('/api/v1/notifications')).items.filter((n: { kind: string; link: string }) => n.kind === 'tasks.notify.overdue');
      expect(notes).toHaveLength(1);
      expect(notes[0].link).toContain('/inspections?start=1');
    }
    expect(ok(await w.teacher.get('/api/v1/notifications')).items.filter((n: { kind: string }) => n.kind === 'tasks.notify.overdue')).toHaveLength(0);
    const [late] = await tasksOf(w.vice);
    expect(late.overdue).toBe(true);
    await inspect(w, 'safety.hazard_monthly', '2026-11-27 09:00');
    expect(await tasksOf(w.vice)).toEqual([]);
  });

  it('follows the school\'s settings: the day, the due day and a named owner', async () => {
    const w = await inspectionWorld(t);
    at('2026-10-20 10:00');
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    const rule = async () => (await rowsOf<{ rule: { monthDay: number } }>(t.db, sql`SELECT rule FROM schedules WHERE school_id = ${w.s.schoolId} AND owner = ${INVESTIGATION_OWNER}`))[0].rule;
    expect((await rule()).monthDay).toBe(1);

    const current = ok(await w.director.get('/api/v1/settings/hazards'));
    expect(current.values).toEqual({ investigationDay: 1, investigationDueDay: 25, investigationRole: 'vice_principal', investigationOwnerId: null });
    expect((await w.teacher.patch('/api/v1/settings/hazards', { values: { investigationDay: 5 }, version: current.version })).status).toBe(403);
    const bad = refused(await w.director.patch('/api/v1/settings/hazards', { values: { investigationDay: 20, investigationDueDay: 10 }, version: current.version }), 400, 'validation');
    expect(bad.error.fields.map((f: { path: string }) => f.path)).toEqual(['investigationDueDay']);
    ok(await w.director.patch('/api/v1/settings/hazards', { values: { investigationDay: 10, investigationDueDay: 31, investigationOwnerId: w.ids.director }, version: current.version }));
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    expect((await rule()).monthDay).toBe(10);
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(0);

    at('2026-11-01 08:01');
    expect(await run(w)).toBe(0);
    at('2026-11-10 08:01');
    expect(await run(w)).toBe(1);
    expect(await tasksOf(w.vice)).toEqual([]);
    const [task] = await tasksOf(w.director);
    expect(new Date(task.dueAt).toISOString()).toBe(new Date('2026-11-30T23:59:00+08:00').toISOString());
    expect((await taskRows(w)).map((r) => [r.assignee_id, r.role])).toEqual([[w.ids.director, null]]);

    // Moved later within the month after it ran: still one task for November.
    const now = ok(await w.director.get('/api/v1/settings/hazards'));
    ok(await w.director.patch('/api/v1/settings/hazards', { values: { investigationDay: 20 }, version: now.version }));
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    at('2026-11-20 08:01');
    expect(await run(w)).toBe(1);
    expect(await taskRows(w)).toHaveLength(1);

    // December: already investigated before the day comes → no task.
    await inspect(w, 'safety.hazard_monthly', '2026-12-03 09:00');
    at('2026-12-20 08:01');
    expect(await run(w)).toBe(1);
    expect((await taskRows(w)).map((r) => Number(r.entity_id))).toEqual([202611]);
  });

  it('a new owner in the settings takes over the open task (person or role); a done one keeps its owner', async () => {
    const w = await inspectionWorld(t);
    at('2026-10-20 10:00');
    await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId });
    at('2026-11-01 08:01');
    expect(await run(w)).toBe(1);
    await inspect(w, 'safety.hazard_monthly', '2026-11-06 09:00');
    at('2026-12-01 08:01');
    expect(await run(w)).toBe(1);
    const owners = async () => (await taskRows(w)).map((r) => [Number(r.entity_id), r.state, r.assignee_id, r.role]);
    expect(await owners()).toEqual([[202611, 'done', null, 'vice_principal'], [202612, 'open', null, 'vice_principal']]);
    expect(await tasksOf(w.vice)).toHaveLength(1);

    // The director is named while December's task is open: the job moves it to the director.
    at('2026-12-03 10:00');
    const v1 = ok(await w.director.get('/api/v1/settings/hazards')).version;
    ok(await w.director.patch('/api/v1/settings/hazards', { values: { investigationOwnerId: w.ids.director }, version: v1 }));
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    expect(await owners()).toEqual([[202611, 'done', null, 'vice_principal'], [202612, 'open', w.ids.director, null]]);
    expect(await tasksOf(w.vice)).toEqual([]);
    const [moved] = await tasksOf(w.director);
    expect(new Date(moved.dueAt).toISOString()).toBe(new Date('2026-12-25T23:59:00+08:00').toISOString());
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(0);

    // No one person, the principals' role instead: back to a role's task.
    const v2 = ok(await w.director.get('/api/v1/settings/hazards')).version;
    ok(await w.director.patch('/api/v1/settings/hazards', { values: { investigationOwnerId: null, investigationRole: 'principal' }, version: v2 }));
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    expect(await owners()).toEqual([[202611, 'done', null, 'vice_principal'], [202612, 'open', null, 'principal']]);
    expect(await tasksOf(w.director)).toEqual([]);
    expect(await tasksOf(w.principal)).toHaveLength(1);

    // Done, then another change of owner: the done task stays with whoever had it.
    await inspect(w, 'safety.hazard_monthly', '2026-12-10 09:00');
    const v3 = ok(await w.director.get('/api/v1/settings/hazards')).version;
    ok(await w.director.patch('/api/v1/settings/hazards', { values: { investigationOwnerId: w.ids.teacher }, version: v3 }));
    expect(await ensureInvestigationSchedules(t.db, clock, { schoolId: w.s.schoolId })).toBe(1);
    expect(await owners()).toEqual([[202611, 'done', null, 'vice_principal'], [202612, 'done', null, 'principal']]);
    expect(await tasksOf(w.teacher)).toEqual([]);
  });
});
