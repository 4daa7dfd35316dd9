import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp } from '../test/harness';
import { manualClock } from './clock';
import { rowsOf, inBackground, type Db } from './db';
import { inspectionWorld, ok, refused, photo, reportHazard, type InspectionWorld } from './inspections.fixture';
import { ensureSchoolTemplates, sweepOverdueRectifications, RECT_TRANSITIONS, type InspectionTemplateDef } from './inspections';
import { inspectionTemplates } from './inspections.tables';
import { tasks } from './schedules.tables';
import { notifications } from './notifications.tables';
import { RECT_ACTIONS, RECT_STATES } from '../../contracts/inspections';

/* The inspection engine: templates per school (versioned), inspections against them, findings that
 * become rectifications, and the rectification's state machine with its once-only steps. */

const clock = manualClock('2026-11-16T02:00:00Z'); // Monday 10:00 in Shanghai
let t: TestApp;
let w: InspectionWorld;

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  w = await inspectionWorld(t);
});
afterAll(async () => t.close());

const TEST_DEF: InspectionTemplateDef = {
  code: 'test.walk', domain: 'safety', name: { zh: '测试检查', en: 'Test walk' }, frequency: 'adhoc',
  items: [
    { section: { zh: '消防', en: 'Fire' }, text: { zh: '灭火器压力正常', en: 'Extinguisher pressure ok' }, mode: 'pass_fail', photoRequired: true },
    { section: { zh: '消防', en: 'Fire' }, text: { zh: '安全出口畅通', en: 'Exits clear' }, mode: 'pass_fail', critical: true },
    { section: { zh: '用电', en: 'Power' }, text: { zh: '插座完好', en: 'Sockets intact' }, mode: 'pass_fail', kind: 'electrical' },
    { section: { zh: '台账', en: 'Records' }, text: { zh: '台账完整', en: 'Records complete' }, mode: 'score', maxScore: 10 },
  ],
};

async function templateByCode(code: string, c = w.director) {
  const list = ok(await c.get('/api/v1/inspection-templates'));
  return list.items.find((x: { code: string }) => x.code === code);
}

describe('templates', () => {
  it('every school gets the seed templates once, and a changed seed becomes a new revision unless the school edited it', async () => {
    // The world's school got the modules' seeds (as the platform's job gives every school).
    const seeds = ok(await w.director.get('/api/v1/inspection-templates?domain=safety')).items.map((x: { code: string }) => x.code);
    expect(seeds).toEqual(expect.arrayContaining(['safety.hazard_monthly', 'safety.fire_daily', 'safety.fire_equipment_monthly']));
    const monthly = ok(await w.director.get(`/api/v1/inspection-templates/${(await templateByCode('safety.hazard_monthly')).id}`));
    expect(monthly.items.map((i: { section: { zh: string } }) => i.section.zh)).toEqual(expect.arrayContaining(['校舍', '用电', '消防', '体育器材', '食堂', '宿舍', '周边']));

    // Idempotent: running again changes nothing.
    expect(await ensureSchoolTemplates(t.db, [TEST_DEF], { schoolId: w.s.schoolId })).toBe(1);
    expect(await ensureSchoolTemplates(t.db, [TEST_DEF], { schoolId: w.s.schoolId })).toBe(0);
    // A later release changes the seed: the school's untouched copy moves to revision 2.
    const changed = { ...TEST_DEF, items: [...TEST_DEF.items, { section: { zh: '用电', en: 'Power' }, text: { zh: '配电箱上锁', en: 'Boxes locked' }, mode: 'pass_fail' as const }] };
    expect(await ensureSchoolTemplates(t.db, [changed], { schoolId: w.s.schoolId })).toBe(1);
    const [row] = await t.db.select().from(inspectionTemplates).where(and(eq(inspectionTemplates.schoolId, w.s.schoolId), eq(inspectionTemplates.code, 'test.walk')));
    expect(row.revision).toBe(2);
    // Back to the original seed for the rest of the file (revision 3, the 4 items).
    expect(await ensureSchoolTemplates(t.db, [TEST_DEF], { schoolId: w.s.schoolId })).toBe(1);
  });

  it('leaders edit a template into a new revision; an inspection keeps the items it was done against', async () => {
    const tpl = await templateByCode('safety.fire_daily');
    const before = ok(await w.director.get(`/api/v1/inspection-templates/${tpl.id}`));
    const insp = ok(await w.guard.post('/api/v1/inspections', { templateId: tpl.id, zone: '教学楼一楼' }), 201);
    expect(insp.items.length).toBe(before.items.length);

    // A teacher may not edit; a stale version is refused.
    expect((await w.teacher.patch(`/api/v1/inspection-templates/${tpl.id}`, { version: before.version, items: [] })).status).toBe(403);
    const items = [...before.items.slice(0, 2).map((i: Record<string, unknown>) => ({ section: i.section, text: i.text, mode: i.mode, photoRequired: i.photoRequired, critical: i.critical, kind: i.kind })),
      { section: { zh: '新增', en: 'New' }, text: { zh: '夜间门窗关闭', en: 'Windows shut at night' }, mode: 'pass_fail' }];
    refused(await w.director.patch(`/api/v1/inspection-templates/${tpl.id}`, { version: before.version + 1, items }), 409, 'inspections.stale');
    const after = ok(await w.director.patch(`/api/v1/inspection-templates/${tpl.id}`, { version: before.version, items }));
    expect(after).toMatchObject({ revision: before.revision + 1, customized: true, itemCount: 3 });

    // The open inspection still walks the old revision; a new one walks the new.
    const again = ok(await w.guard.get(`/api/v1/inspections/${insp.id}`));
    expect(again.templateRevision).toBe(before.revision);
    expect(again.items.map((i: { id: number }) => i.id)).toEqual(before.items.map((i: { id: number }) => i.id));
    const fresh = ok(await w.guard.post('/api/v1/inspections', { templateId: tpl.id, zone: '教学楼二楼' }), 201);
    expect(fresh.items.length).toBe(3);
    const old = ok(await w.director.get(`/api/v1/inspection-templates/${tpl.id}?revision=${before.revision}`));
    expect(old.items.length).toBe(before.items.length);
    // An edited template is the school's own: a changed seed no longer replaces it.
    const [row] = await t.db.select().from(inspectionTemplates).where(and(eq(inspectionTemplates.schoolId, w.s.schoolId), eq(inspectionTemplates.id, tpl.id)));
    expect(row.customized).toBe(true);
  });

  it('a school makes its own checklist in a known domain; bad items are refused naming the field', async () => {
    const res = ok(await w.director.post('/api/v1/inspection-templates', {
      domain: 'safety', name: { zh: '实验室安全检查' }, frequency: 'weekly',
      items: [{ section: { zh: '危化品' }, text: { zh: '危化品双人双锁' }, mode: 'pass_fail', critical: true }],
    }), 201);
    expect(res.code).toMatch(/^custom\.\d+$/);
    refused(await w.director.post('/api/v1/inspection-templates', { domain: 'nowhere', name: { zh: 'x' }, frequency: 'weekly', items: [{ section: { zh: 'a' }, text: { zh: 'b' } }] }), 400, 'inspections.domainUnknown');
    const bad = refused(await w.director.post('/api/v1/inspection-templates', { domain: 'safety', name: { zh: 'x' }, frequency: 'weekly', items: [{ section: { zh: 'a' }, text: { zh: 'b' }, mode: 'score' }] }), 400, 'validation');
    expect(bad.error.fields.map((f: { path: string }) => f.path)).toContain('items.0.maxScore');
  });
});

describe('inspections', () => {
  it('a photo-required item cannot be submitted without a photo (400 naming the item); failed items become rectifications', async () => {
    const tpl = await templateByCode('test.walk');
    const insp = ok(await w.guard.post('/api/v1/inspections', { templateId: tpl.id, locationId: w.loc.canteen }), 201);
    const [ext, exits, sockets, records] = insp.items;
    expect(ext.photoRequired).toBe(true);
    // Someone else may not fill it in.
    expect((await w.teacher.patch(`/api/v1/inspections/${insp.id}`, { results: [{ itemId: ext.id, outcome: 'pass' }] })).status).toBe(404);
    // A score item needs a score within its maximum.
    refused(await w.guard.patch(`/api/v1/inspections/${insp.id}`, { results: [{ itemId: records.id, outcome: 'pass', score: 11 }] }), 400, 'inspections.scoreTooHigh');

    ok(await w.guard.patch(`/api/v1/inspections/${insp.id}`, {
      version: insp.version,
      results: [
        { itemId: ext.id, outcome: 'pass' },
        { itemId: exits.id, outcome: 'fail', note: '后门上锁' },
        { itemId: sockets.id, outcome: 'fail', note: '插座松动', severity: 'low' },
        { itemId: records.id, outcome: 'pass', score: 8 },
      ],
    }));
    const noPhoto = refused(await w.guard.post(`/api/v1/inspections/${insp.id}/submit`, {}), 400, 'inspections.photoRequired');
    expect(noPhoto.error.fields[0].path).toBe(`items.${ext.id}`);
    expect(noPhoto.error.message).toContain('灭火器压力正常');
    expect((await t.db.execute(sql`SELECT 1 FROM rectifications WHERE school_id = ${w.s.schoolId} AND source = 'inspection' AND source_id = ${insp.id}`) as unknown as { rows: unknown[] }).rows).toHaveLength(0);

    const p = await photo(w.guard);
    const withPhoto = ok(await w.guard.patch(`/api/v1/inspections/${insp.id}`, { results: [{ itemId: ext.id, outcome: 'pass', photoIds: [p] }] }));
    expect(withPhoto.items[0].result.photos.map((f: { id: string }) => f.id)).toEqual([p]);
    const done = ok(await w.guard.post(`/api/v1/inspections/${insp.id}/submit`, {}));
    expect(done).toMatchObject({ state: 'submitted', passCount: 2, failCount: 2, score: 8, maxScore: 10, actions: [] });
    expect(done.findings).toHaveLength(2);
    // Severity from the item: critical → critical; otherwise the inspector's choice.
    const bySeverity = Object.fromEntries(done.findings.map((f: { itemId: number; severity: string }) => [f.itemId, f.severity]));
    expect(bySeverity).toEqual({ [exits.id]: 'critical', [sockets.id]: 'low' });
    // The findings are hazards of the safety domain (their kind from the section or the item).
    const h = ok(await w.director.get(`/api/v1/hazards/${done.findings.find((f: { itemId: number }) => f.itemId === sockets.id).id}`));
    expect(h).toMatchObject({ source: 'inspection', sourceId: insp.id, kind: 'electrical', state: 'open', locationId: w.loc.canteen });
    expect(h.inspection).toMatchObject({ id: insp.id });
    // The domain hook told the principal and the vice principal about the critical finding.
    const critical = await t.db.select().from(notifications).where(and(eq(notifications.schoolId, w.s.schoolId), eq(notifications.kind, 'hazards.notify.criticalFinding')));
    expect(critical.map((n) => n.userId).sort()).toEqual([w.ids.principal, w.ids.vice].sort());

    // Submitted once: a second submit and a later edit are refused.
    refused(await w.guard.post(`/api/v1/inspections/${insp.id}/submit`, {}), 409, 'inspections.alreadySubmitted');
    refused(await w.guard.patch(`/api/v1/inspections/${insp.id}`, { results: [] }), 409, 'inspections.alreadySubmitted');
  });

  it('two submits at once: one submission, one set of findings', async () => {
    const tpl = await templateByCode('test.walk');
    const insp = ok(await w.guard.post('/api/v1/inspections', { templateId: tpl.id, zone: '操场' }), 201);
    const p = await photo(w.guard);
    const [ext, exits, sockets, records] = insp.items;
    ok(await w.guard.patch(`/api/v1/inspections/${insp.id}`, { results: [
      { itemId: ext.id, outcome: 'pass', photoIds: [p] }, { itemId: exits.id, outcome: 'pass' }, { itemId: sockets.id, outcome: 'fail' }, { itemId: records.id, outcome: 'pass', score: 10 },
    ] }));
    const [a, b] = await Promise.all([w.guard.post(`/api/v1/inspections/${insp.id}/submit`, {}), w.guard.post(`/api/v1/inspections/${insp.id}/submit`, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const rows = await rowsOf(t.db, sql`SELECT id FROM rectifications WHERE school_id = ${w.s.schoolId} AND source = 'inspection' AND source_id = ${insp.id}`);
    expect(rows).toHaveLength(1);
  });

  it('unanswered items and unknown places are refused naming the field', async () => {
    const tpl = await templateByCode('test.walk');
    refused(await w.guard.post('/api/v1/inspections', { templateId: tpl.id, locationId: 99_999_999 }), 400, 'inspections.locationMissing');
    const none = refused(await w.guard.post('/api/v1/inspections', { templateId: tpl.id }), 400, 'validation');
    expect(none.error.fields[0].path).toBe('locationId');
    const insp = ok(await w.guard.post('/api/v1/inspections', { templateId: tpl.id, zone: '围墙' }), 201);
    refused(await w.guard.post(`/api/v1/inspections/${insp.id}/submit`, {}), 400, 'inspections.itemUnanswered');
    const other = refused(await w.guard.patch(`/api/v1/inspections/${insp.id}`, { results: [{ itemId: 99_999_999, outcome: 'pass' }] }), 400, 'inspections.itemUnknown');
    expect(other.error.fields[0].path).toBe('results.0.itemId');
  });

  it('lists filter by template, place, state and date; others see only their own', async () => {
    const tpl = await templateByCode('test.walk');
    const mine = ok(await w.director.get(`/api/v1/inspections?templateId=${tpl.id}&state=submitted`));
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.items.every((i: { templateId: number; state: string }) => i.templateId === tpl.id && i.state === 'submitted')).toBe(true);
    const atCanteen = ok(await w.director.get(`/api/v1/inspections?locationId=${w.loc.canteen}`));
    expect(atCanteen.items.every((i: { locationId: number }) => i.locationId === w.loc.canteen)).toBe(true);
    expect(ok(await w.director.get('/api/v1/inspections?from=2026-11-17')).items).toEqual([]);
    expect(ok(await w.teacher.get('/api/v1/inspections')).items).toEqual([]);
    expect(ok(await w.inspector.get('/api/v1/inspections')).items.length).toBeGreaterThan(0);
  });
});

describe('rectifications', () => {
  it('has the transitions of the issue, and no others', () => {
    expect(Object.fromEntries(RECT_ACTIONS.map((a) => [a, [...RECT_TRANSITIONS[a].from].sort()]))).toEqual({
      assign: ['assigned', 'open'], rectify: ['assigned'], verify: ['rectified'], reject: ['rectified'],
    });
    expect(Object.fromEntries(RECT_ACTIONS.map((a) => [a, RECT_TRANSITIONS[a].to]))).toEqual({ assign: 'assigned', rectify: 'rectified', verify: 'closed', reject: 'assigned' });
    expect(RECT_STATES).toEqual(['open', 'assigned', 'rectified', 'closed']);
  });

  it('open → assigned → rectified → rejected → rectified → closed, each step by the right person, with a timeline and tasks', async () => {
    const before = await photo(w.teacher);
    const h = await reportHazard(w, w.teacher, { photoIds: [before] });
    expect(h).toMatchObject({ state: 'open', domain: 'safety', source: 'hazard', reporterId: w.ids.teacher, actions: [] });
    expect(h.photos.before.map((f: { id: string }) => f.id)).toEqual([before]);
    // The director is tasked to assign it.
    const assignTask = await t.db.select().from(tasks).where(and(eq(tasks.schoolId, w.s.schoolId), eq(tasks.entityId, h.id), eq(tasks.kind, 'inspections.task.assign')));
    expect(assignTask[0]).toMatchObject({ role: 'director', state: 'open' });

    // Only managers assign; the deadline cannot be in the past; the owner must be staff of the school.
    expect((await w.teacher.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: w.ids.worker, deadline: '2026-11-20' })).status).toBe(403);
    refused(await w.director.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: w.ids.worker, deadline: '2026-11-15' }), 400, 'inspections.deadlinePast');
    refused(await w.director.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: 99_999_999, deadline: '2026-11-20' }), 400, 'inspections.ownerUnknown');
    // Rectifying before assignment is illegal (409); the worker, not involved yet, does not even see it.
    refused(await w.director.post(`/api/v1/hazards/${h.id}/rectify`, { note: 'x', photoIds: [await photo(w.director)] }), 409, 'inspections.illegalTransition');
    refused(await w.worker.post(`/api/v1/hazards/${h.id}/rectify`, { note: 'x', photoIds: [await photo(w.worker)] }), 404, 'notFound');
    const a = ok(await w.director.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: w.ids.worker, deadline: '2026-11-20', plan: '更换插座', version: h.version }));
    expect(a).toMatchObject({ state: 'assigned', ownerId: w.ids.worker, deadline: '2026-11-20', plan: '更换插座' });
    expect((await t.db.select().from(tasks).where(and(eq(tasks.schoolId, w.s.schoolId), eq(tasks.entityId, h.id), eq(tasks.state, 'open'))))
      .map((x) => [x.kind, x.assigneeId])).toEqual([['inspections.task.rectify', w.ids.worker]]);

    // Only the owner rectifies, with an after-photo.
    refused(await w.director.post(`/api/v1/hazards/${h.id}/rectify`, { note: '已更换', photoIds: [await photo(w.director)] }), 403, 'inspections.notOwner');
    const noPhoto = refused(await w.worker.post(`/api/v1/hazards/${h.id}/rectify`, { note: '已更换', photoIds: [] }), 400, 'validation');
    expect(noPhoto.error.fields[0].path).toBe('photoIds');
    const after1 = await photo(w.worker);
    const r1 = ok(await w.worker.post(`/api/v1/hazards/${h.id}/rectify`, { note: '已更换插座', photoIds: [after1] }));
    expect(r1).toMatchObject({ state: 'rectified', rectifiedById: w.ids.worker, rectifyNote: '已更换插座' });
    expect(r1.photos.after.map((f: { id: string }) => f.id)).toEqual([after1]);

    // Rejected with a note: back to the owner.
    refused(await w.vice.post(`/api/v1/hazards/${h.id}/reject`, {}), 400, 'validation');
    const back = ok(await w.vice.post(`/api/v1/hazards/${h.id}/reject`, { note: '插座仍松动' }));
    expect(back).toMatchObject({ state: 'assigned', rejectCount: 1, rectifiedAt: null, ownerId: w.ids.worker });
    const r2 = ok(await w.worker.post(`/api/v1/hazards/${h.id}/rectify`, { note: '重新固定', photoIds: [await photo(w.worker)] }));
    expect(r2.state).toBe('rectified');
    const closed = ok(await w.vice.post(`/api/v1/hazards/${h.id}/verify`, { note: '合格' }));
    expect(closed).toMatchObject({ state: 'closed', verifiedByName: expect.any(String), verifyNote: '合格', actions: [] });
    expect(closed.events.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'assign', 'rectify', 'reject', 'rectify', 'verify']);
    expect(closed.events.map((e: { actorId: number }) => e.actorId)).toEqual([w.ids.teacher, w.ids.director, w.ids.worker, w.ids.vice, w.ids.worker, w.ids.vice]);
    // Closed: nothing left to do; tasks done; the reporter was told.
    expect(await t.db.select().from(tasks).where(and(eq(tasks.schoolId, w.s.schoolId), eq(tasks.entityId, h.id), eq(tasks.state, 'open')))).toEqual([]);
    const told = await t.db.select().from(notifications).where(and(eq(notifications.schoolId, w.s.schoolId), eq(notifications.entityId, h.id), eq(notifications.kind, 'inspections.notify.closed')));
    expect(told.map((n) => n.userId).sort()).toEqual([w.ids.teacher, w.ids.worker].sort());
    refused(await w.vice.post(`/api/v1/hazards/${h.id}/verify`, {}), 409, 'inspections.illegalTransition');
    // Audited.
    const audit = await rowsOf<{ action: string }>(t.db, sql`SELECT action FROM audit_log WHERE school_id = ${w.s.schoolId} AND entity = 'rectification' AND entity_id = ${String(h.id)} ORDER BY seq`);
    expect(audit.map((x) => x.action)).toEqual(['create', 'assign', 'rectify', 'reject', 'rectify', 'verify']);
  });

  it('the one who rectified it cannot verify it (403 inspections.sameVerifier), nor reject it', async () => {
    const h = await reportHazard(w);
    // The director gives it to himself, rectifies it, and may not close it.
    ok(await w.director.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: w.ids.director, deadline: '2026-11-18' }));
    const r = ok(await w.director.post(`/api/v1/hazards/${h.id}/rectify`, { note: '已处理', photoIds: [await photo(w.director)] }));
    expect(r.actions).toEqual([]);
    refused(await w.director.post(`/api/v1/hazards/${h.id}/verify`, { note: '自己验收' }), 403, 'inspections.sameVerifier');
    refused(await w.director.post(`/api/v1/hazards/${h.id}/reject`, { note: '自己退回' }), 403, 'inspections.sameVerifier');
    expect(ok(await w.director.get(`/api/v1/hazards/${h.id}`)).state).toBe('rectified');
    // Someone else can.
    expect(ok(await w.vice.get(`/api/v1/hazards/${h.id}`)).actions).toEqual(['verify', 'reject']);
    expect(ok(await w.vice.post(`/api/v1/hazards/${h.id}/verify`, {})).state).toBe('closed');
  });

  it('two verifications at once: one change, one 409; a stale version is refused', async () => {
    const h = await reportHazard(w);
    ok(await w.director.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: w.ids.worker, deadline: '2026-11-18' }));
    const r = ok(await w.worker.post(`/api/v1/hazards/${h.id}/rectify`, { note: '已处理', photoIds: [await photo(w.worker)] }));
    refused(await w.vice.post(`/api/v1/hazards/${h.id}/verify`, { version: r.version - 1 }), 409, 'inspections.stale');
    const [a, b] = await Promise.all([w.vice.post(`/api/v1/hazards/${h.id}/verify`, {}), w.principal.post(`/api/v1/hazards/${h.id}/verify`, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = ok(await w.director.get(`/api/v1/hazards/${h.id}`));
    expect(after.events.filter((e: { kind: string }) => e.kind === 'verify')).toHaveLength(1);
    expect(after.version).toBe(r.version + 1);
  });

  it('overdue escalates once, to the vice principal, by the sweep with a controllable clock', async () => {
    const s = await createTestSchool(t.db);
    const x = await inspectionWorld(t, s);
    const h = await reportHazard(x);
    ok(await x.director.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: x.ids.worker, deadline: '2026-11-17' }));
    const escalations = () => rowsOf<{ user_id: number }>(t.db, sql`SELECT user_id FROM notifications WHERE school_id = ${s.schoolId} AND kind = 'inspections.notify.escalated' AND entity_id = ${h.id}`);
    // The deadline day itself is not late (Tuesday 23:59 in Shanghai).
    clock.set('2026-11-17T15:59:00Z');
    expect(await sweepOverdueRectifications(t.db, clock, { schoolId: s.schoolId })).toBe(0);
    expect(ok(await x.director.get(`/api/v1/hazards/${h.id}`)).overdue).toBe(false);
    // Wednesday 00:01: overdue, escalated once.
    clock.set('2026-11-17T16:01:00Z');
    expect(ok(await x.director.get(`/api/v1/hazards/${h.id}`)).overdue).toBe(true);
    expect(await sweepOverdueRectifications(t.db, clock, { schoolId: s.schoolId })).toBe(1);
    expect(await sweepOverdueRectifications(t.db, clock, { schoolId: s.schoolId })).toBe(0);
    clock.set('2026-11-20T02:00:00Z');
    expect(await sweepOverdueRectifications(t.db, clock, { schoolId: s.schoolId })).toBe(0);
    expect((await escalations()).map((r) => Number(r.user_id))).toEqual([x.ids.vice]);
    const task = await t.db.select().from(tasks).where(and(eq(tasks.schoolId, s.schoolId), eq(tasks.entityId, h.id), eq(tasks.kind, 'inspections.task.overdue')));
    expect(task).toHaveLength(1);
    expect(task[0]).toMatchObject({ role: 'vice_principal', assigneeId: null, state: 'open' });
    const detail = ok(await x.director.get(`/api/v1/hazards/${h.id}`));
    expect(detail).toMatchObject({ escalated: true, overdue: true });
    expect(detail.events.at(-1)).toMatchObject({ kind: 'escalated', actorId: null });
    // The overdue tab shows it; it leaves the tab once rectified, and the escalation task closes.
    expect(ok(await x.vice.get('/api/v1/hazards?tab=overdue')).items.map((i: { id: number }) => i.id)).toEqual([h.id]);
    ok(await x.worker.post(`/api/v1/hazards/${h.id}/rectify`, { note: '已处理', photoIds: [await photo(x.worker)] }));
    expect(ok(await x.vice.get('/api/v1/hazards?tab=overdue')).items).toEqual([]);
    expect(await t.db.select().from(tasks).where(and(eq(tasks.schoolId, s.schoolId), eq(tasks.entityId, h.id), eq(tasks.kind, 'inspections.task.overdue'), eq(tasks.state, 'open')))).toEqual([]);
    clock.set('2026-11-16T02:00:00Z');
  });

  it('a backlog escalates in short transactions, each rectification once even with two sweeps at once', async () => {
    const s = await createTestSchool(t.db);
    const x = await inspectionWorld(t, s);
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const h = await reportHazard(x);
      ok(await x.director.post(`/api/v1/hazards/${h.id}/assign`, { ownerId: x.ids.worker, deadline: '2026-11-17' }));
      ids.push(h.id);
    }
    clock.set('2026-11-18T02:00:00Z');
    const [a, b] = await Promise.all([
      inBackground(() => sweepOverdueRectifications(t.db, clock, { schoolId: s.schoolId, batch: 2 })),
      sweepOverdueRectifications(t.db, clock, { schoolId: s.schoolId, batch: 3 }),
    ]);
    expect(a + b).toBe(7);
    const escalated = await rowsOf<{ entity_id: number; n: number }>(t.db, sql`SELECT entity_id, count(*)::int AS n FROM notifications
      WHERE school_id = ${s.schoolId} AND kind = 'inspections.notify.escalated' GROUP BY entity_id ORDER BY entity_id`);
    expect(escalated.map((r) => [Number(r.entity_id), r.n])).toEqual(ids.map((id) => [id, 1]));
    expect(await sweepOverdueRectifications(t.db, clock, { schoolId: s.schoolId })).toBe(0);
    clock.set('2026-11-16T02:00:00Z');
  });

  it('another school\'s rectification is not found (404) for reading and for every action', async () => {
    const other = await inspectionWorld(t);
    const h = await reportHazard(other);
    expect((await w.director.get(`/api/v1/hazards/${h.id}`)).status).toBe(404);
    for (const action of RECT_ACTIONS) {
      const body = action === 'assign' ? { ownerId: w.ids.worker, deadline: '2026-11-20' } : action === 'rectify' ? { note: 'x', photoIds: [await photo(w.worker)] } : { note: 'x' };
      const c = action === 'rectify' ? w.worker : w.director;
      expect((await c.post(`/api/v1/hazards/${h.id}/${action}`, body)).status, action).toBe(404);
    }
    expect(ok(await w.director.get('/api/v1/rectifications?limit=200')).items.some((i: { id: number }) => i.id === h.id)).toBe(false);
  });

  it('the generic board filters by domain, state, owner, severity, place and overdue, with keyset pages', async () => {
    const all = ok(await w.director.get('/api/v1/rectifications?domain=safety&limit=200')).items;
    expect(all.length).toBeGreaterThan(3);
    const page1 = ok(await w.director.get('/api/v1/rectifications?domain=safety&limit=2'));
    const page2 = ok(await w.director.get(`/api/v1/rectifications?domain=safety&limit=2&cursor=${page1.nextCursor}`));
    expect([...page1.items, ...page2.items].map((i: { id: number }) => i.id)).toEqual(all.slice(0, 4).map((i: { id: number }) => i.id));
    const closed = ok(await w.director.get('/api/v1/rectifications?state=closed'));
    expect(closed.items.length).toBeGreaterThan(0);
    expect(closed.items.every((i: { state: string }) => i.state === 'closed')).toBe(true);
    const owned = ok(await w.director.get(`/api/v1/rectifications?ownerId=${w.ids.worker}`));
    expect(owned.items.every((i: { ownerId: number }) => i.ownerId === w.ids.worker)).toBe(true);
    const crit = ok(await w.director.get('/api/v1/rectifications?severity=critical'));
    expect(crit.items.length).toBeGreaterThan(0);
    expect(crit.items.every((i: { severity: string }) => i.severity === 'critical')).toBe(true);
    const here = ok(await w.director.get(`/api/v1/rectifications?locationId=${w.loc.building}`));
    expect(here.items.every((i: { locationId: number }) => i.locationId === w.loc.room301)).toBe(true);
    // A teacher sees what they reported; the worker what he owns.
    const teacherSees = ok(await w.teacher.get('/api/v1/rectifications?limit=200')).items;
    expect(teacherSees.every((i: { reporterId: number }) => i.reporterId === w.ids.teacher)).toBe(true);
  });
});

describe('the sweep and the seed job scope to their school', () => {
  it('ensureSchoolTemplates for one school leaves others alone', async () => {
    const s = await createTestSchool(t.db);
    const count = async () => Number((await rowsOf<{ n: number }>(t.db as Db, sql`SELECT count(*)::int AS n FROM inspection_templates WHERE school_id = ${s.schoolId}`))[0].n);
    expect(await count()).toBe(0);
    await ensureSchoolTemplates(t.db, [TEST_DEF], { schoolId: w.s.schoolId });
    expect(await count()).toBe(0);
    await ensureSchoolTemplates(t.db, [TEST_DEF], { schoolId: s.schoolId });
    expect(await count()).toBe(1);
    // A GET never writes; the seed job (platform/jobs.ts) gives a new school the modules' seeds.
    const director = await login(t.app, s.users.director.username);
    expect(ok(await director.get('/api/v1/inspection-templates')).items.length).toBe(1);
    await ensureSchoolTemplates(t.db, t.modules.flatMap((m) => m.inspectionTemplates ?? []), { schoolId: s.schoolId });
    expect(ok(await director.get('/api/v1/inspection-templates')).items.length).toBeGreaterThanOrEqual(4);
  });
});
