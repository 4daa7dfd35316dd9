import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp, type TestClient, type TestSchool, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { runDueSchedules } from '../../platform/schedules';
import { ensureSchoolTemplates } from '../../platform/inspections';
import { CANTEEN_TEMPLATES } from './staff.templates';
import { orgModule } from '../org';
import { staffPart } from './staff.part';
import { staffDay } from './staff.board';
import { sweepCanteenStaff } from './staff.sweep';
import { SELF_CHECK_OWNER, selfCheckScheduleHandler } from './staff.selfcheck';

/*
 * Canteen staff health and self-checks through the API, with a controllable clock. "Today" is
 * Tuesday 24 November 2026 in Asia/Shanghai; the morning-check deadline is 08:00 (default setting).
 */

const clock = manualClock('2026-11-23T23:00:00Z'); // 07:00 on the 24th in Shanghai
const TODAY = '2026-11-24';
const at = (hm: string, day = TODAY) => new Date(`${day}T${hm}:00+08:00`);

interface World {
  s: TestSchool;
  manager: TestClient; principal: TestClient; vice: TestClient; director: TestClient; teacher: TestClient; inspector: TestClient;
  /** Canteen staff ids by letter (people of the school: storekeeper, guard, dorm manager, accountant, repair worker). */
  staff: Record<'a' | 'b' | 'c' | 'd' | 'e', number>;
}

let t: TestApp;

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 400)}`).toBe(status);
  return res.json;
}

async function world(): Promise<World> {
  const s = await createTestSchool(t.db);
  await ensureSchoolTemplates(t.db, CANTEEN_TEMPLATES, { schoolId: s.schoolId }); // the platform's job does this every minute
  const [manager, principal, vice, director, teacher, inspector] = await Promise.all([
    login(t.app, s.users.canteen_manager.username), login(t.app, s.users.principal.username), login(t.app, s.users.vice_principal.username),
    login(t.app, s.users.director.username), login(t.app, s.users.teacher.username), login(t.app, s.users.inspector.username),
  ]);
  const people = { a: s.users.storekeeper.id, b: s.users.guard.id, c: s.users.dorm_manager.id, d: s.users.accountant.id, e: s.users.repair_worker.id };
  const staff = {} as World['staff'];
  for (const [k, userId] of Object.entries(people) as [keyof typeof people, number][]) {
    staff[k] = ok(await manager.post('/api/v1/canteen/staff', { userId, posts: ['cook', 'serve'] }), 201).id;
  }
  return { s, manager, principal, vice, director, teacher, inspector, staff };
}

const cert = (w: World, id: number, issuedOn: string, expiresOn?: string) =>
  w.manager.post(`/api/v1/canteen/staff/${id}/certificates`, { certNo: `JK-${id}-${issuedOn}`, issuedOn, ...(expiresOn ? { expiresOn } : {}), issuer: '县疾控中心' });

let w: World;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'canteen', ...staffPart }] });
  w = await world();
});
afterAll(async () => t.close());

describe('staff and certificates', () => {
  it('lists the staff with their certificate state; a certificate without expiry is valid one year', async () => {
    clock.set(at('07:00'));
    const detail = ok(await cert(w, w.staff.a, '2026-01-10'), 201);
    expect(detail.certificates[0].expiresOn).toBe('2027-01-09');
    expect(detail.certState).toBe('valid');
    ok(await cert(w, w.staff.b, '2025-12-01', '2026-12-10'), 201); // expires in 16 days
    const list = ok(await w.manager.get('/api/v1/canteen/staff'));
    const byId = new Map(list.items.map((x: { id: number }) => [x.id, x]));
    expect((byId.get(w.staff.a) as { certState: string }).certState).toBe('valid');
    expect((byId.get(w.staff.b) as { certState: string }).certState).toBe('expiring');
    expect((byId.get(w.staff.c) as { certState: string }).certState).toBe('missing');
    // Unknown post and bad dates are refused naming the field.
    const bad = await w.manager.post('/api/v1/canteen/staff', { userId: w.s.users.head_teacher.id, posts: ['juggler'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toBe('posts');
    const dates = await cert(w, w.staff.c, '2026-05-01', '2026-04-01');
    expect(dates.status).toBe(400);
    expect(dates.json.error.fields[0].path).toBe('expiresOn');
  });

  it('an expired certificate keeps a person off the roster and a food post is refused', async () => {
    clock.set(at('07:30'));
    ok(await cert(w, w.staff.d, '2025-11-20', '2026-11-19'), 201); // expired five days ago
    ok(await w.manager.post('/api/v1/canteen/staff/checks/bulk', { staffIds: [w.staff.a, w.staff.d] }));
    const roster = ok(await w.manager.get(`/api/v1/canteen/staff/roster?date=${TODAY}`));
    const d = roster.items.find((x: { staffId: number }) => x.staffId === w.staff.d);
    expect(d).toMatchObject({ eligible: false, reasons: ['certExpired'], foodPosts: [], certExpiresOn: '2026-11-19', check: 'pass' });
    const a = roster.items.find((x: { staffId: number }) => x.staffId === w.staff.a);
    expect(a).toMatchObject({ eligible: true, reasons: [], foodPosts: ['cook', 'serve'] });
    const c = roster.items.find((x: { staffId: number }) => x.staffId === w.staff.c);
    expect(c.reasons).toEqual(['noCertificate', 'notChecked']);

    const refused = await w.manager.post('/api/v1/canteen/staff/roster', { date: TODAY, staffId: w.staff.d, posts: ['cook'] });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('canteen.staff.offRoster.certExpired');
    expect(refused.json.error.fields[0].message).toContain('2026-11-19');
    // A post that does not touch food is allowed.
    const moved = ok(await w.manager.post('/api/v1/canteen/staff/roster', { date: TODAY, staffId: w.staff.d, posts: ['clean'] }));
    expect(moved.items.find((x: { staffId: number }) => x.staffId === w.staff.d)).toMatchObject({ posts: ['clean'], assigned: true, eligible: false });
    // The board lists the expired and the expiring.
    const day = await staffDay(t.db, w.s.schoolId, TODAY, clock.now());
    expect(day.certificates.expired.map((x) => x.staffId).sort()).toEqual([w.staff.c, w.staff.d, w.staff.e].sort());
    expect(day.certificates.expiring.map((x) => x.staffId)).toEqual([w.staff.b]);
  });

  it('a failed morning check takes the person off food posts that day only', async () => {
    clock.set(at('07:35'));
    const failed = ok(await w.manager.post('/api/v1/canteen/staff/checks', { staffId: w.staff.b, temperature: 37.8, soreThroat: true }), 201);
    expect(failed).toMatchObject({ result: 'fail', fever: true, reasons: ['fever', 'soreThroat'], checkerId: w.s.users.canteen_manager.id });
    const roster = ok(await w.manager.get(`/api/v1/canteen/staff/roster?date=${TODAY}`));
    expect(roster.items.find((x: { staffId: number }) => x.staffId === w.staff.b)).toMatchObject({ eligible: false, reasons: ['checkFailed'], foodPosts: [] });
    const refused = await w.manager.post('/api/v1/canteen/staff/roster', { date: TODAY, staffId: w.staff.b, posts: ['serve'] });
    expect(refused.json.error.code).toBe('canteen.staff.offRoster.checkFailed');
    const day = await staffDay(t.db, w.s.schoolId, TODAY, clock.now());
    expect(day.failed).toEqual([{ staffId: w.staff.b, name: expect.any(String), reasons: ['fever', 'soreThroat'] }]);

    // The next day: not checked yet (planning a food post is allowed), then a normal check puts them back.
    const tomorrow = '2026-11-25';
    clock.set(at('07:00', tomorrow));
    ok(await w.manager.post('/api/v1/canteen/staff/roster', { date: tomorrow, staffId: w.staff.b, posts: ['serve'] }));
    let next = ok(await w.manager.get(`/api/v1/canteen/staff/roster?date=${tomorrow}`));
    expect(next.items.find((x: { staffId: number }) => x.staffId === w.staff.b)).toMatchObject({ eligible: false, reasons: ['notChecked'] });
    ok(await w.manager.post('/api/v1/canteen/staff/checks', { staffId: w.staff.b, temperature: 36.5 }), 201);
    next = ok(await w.manager.get(`/api/v1/canteen/staff/roster?date=${tomorrow}`));
    expect(next.items.find((x: { staffId: number }) => x.staffId === w.staff.b)).toMatchObject({ eligible: true, foodPosts: ['serve'], assigned: true });
    // Editing a check needs its version; a stale one is refused.
    const edit = ok(await w.manager.patch(`/api/v1/canteen/staff/checks/${failed.id}`, { version: failed.version, temperature: 36.6 }));
    expect(edit.result).toBe('pass');
    expect((await w.manager.patch(`/api/v1/canteen/staff/checks/${failed.id}`, { version: failed.version, temperature: 36.6 })).status).toBe(409);
    // No checks for a future day.
    expect((await w.manager.post('/api/v1/canteen/staff/checks', { staffId: w.staff.a, date: '2026-11-26' })).status).toBe(400);
  });

  it('two submissions of one check at once give one row; the second is told it exists', async () => {
    const day = '2026-11-26';
    clock.set(at('07:10', day));
    const replies = await Promise.all([0, 1, 2].map(() => w.manager.post('/api/v1/canteen/staff/checks', { staffId: w.staff.e })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(replies.find((r) => r.status === 409)!.json.error.code).toBe('canteen.staff.checkExists');
    const bulk = await Promise.all([0, 1].map(() => w.manager.post('/api/v1/canteen/staff/checks/bulk', { staffIds: [w.staff.a, w.staff.e] })));
    expect(bulk.map((r) => r.json.created).sort()).toEqual([0, 1]);
    const [{ n }] = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM canteen_morning_checks WHERE school_id = ${w.s.schoolId} AND day = ${day} AND staff_id IN (${w.staff.a}, ${w.staff.e})`);
    expect(n).toBe(2);
  });
});

describe('missing checks and certificate alerts', () => {
  it('flags missing morning checks only after the deadline, once a day, and tells the canteen manager', async () => {
    const x = await world();
    const day = '2026-11-27'; // a Friday
    clock.set(at('07:59', day));
    ok(await x.manager.post('/api/v1/canteen/staff/checks/bulk', { staffIds: [x.staff.a, x.staff.b, x.staff.c] }));
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).missingFlags).toBe(0);
    expect((await staffDay(t.db, x.s.schoolId, day, clock.now())).overdue).toBe(false);
    const before = ok(await x.manager.get('/api/v1/notifications'));
    expect(before.items.filter((n: { kind: string }) => n.kind === 'canteen.staff.notify.missingChecks')).toHaveLength(0);

    clock.set(at('08:00', day));
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).missingFlags).toBe(1);
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).missingFlags).toBe(0);
    const board = await staffDay(t.db, x.s.schoolId, day, clock.now());
    expect(board).toMatchObject({ overdue: true, checked: 3, passed: 3, staffTotal: 5, deadline: '08:00', serviceDay: true });
    expect(board.missing.map((m) => m.staffId).sort()).toEqual([x.staff.d, x.staff.e].sort());
    const after = ok(await x.manager.get('/api/v1/notifications'));
    expect(after.items.filter((n: { kind: string }) => n.kind === 'canteen.staff.notify.missingChecks')).toHaveLength(1);
    // A Saturday is not a service day by default: nothing is expected, nothing flagged.
    clock.set(at('09:00', '2026-11-28'));
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).missingFlags).toBe(0);
    expect((await staffDay(t.db, x.s.schoolId, '2026-11-28', clock.now())).missing).toEqual([]);
  });

  it('alerts the canteen manager once per certificate within 30 days of expiry', async () => {
    const x = await world();
    clock.set(at('09:00', TODAY));
    ok(await cert(x, x.staff.a, '2025-12-20', '2026-12-19'), 201); // 25 days left
    ok(await cert(x, x.staff.b, '2026-02-01', '2027-01-31'), 201); // far
    const first = await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId });
    expect(first.certAlerts).toBe(1);
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).certAlerts).toBe(0);
    const notes = ok(await x.manager.get('/api/v1/notifications'));
    expect(notes.items.filter((n: { kind: string }) => n.kind === 'canteen.staff.notify.certExpiring')).toHaveLength(1);
    const tasks = ok(await x.manager.get('/api/v1/tasks/mine?scope=all'));
    expect(tasks.items.some((k: { kind: string }) => k.kind === 'canteen.staff.task.renewCert')).toBe(true);
  });
});

describe('self-checks on the inspection engine', () => {
  async function walk(x: World, code: string, failCritical: boolean) {
    const templates = ok(await x.manager.get('/api/v1/inspection-templates?domain=canteen'));
    const tpl = templates.items.find((y: { code: string }) => y.code === code);
    if (!tpl) throw new Error(JSON.stringify(templates).slice(0, 600));
    const insp = ok(await x.manager.post('/api/v1/inspections', { templateId: tpl.id, zone: '食堂' }), 201);
    const critical = insp.items.find((it: { critical: boolean }) => it.critical);
    if (!critical) throw new Error(JSON.stringify(insp).slice(0, 600));
    const results = insp.items.map((it: { id: number }) => ({ itemId: it.id, outcome: failCritical && it.id === critical.id ? 'fail' : 'pass', note: failCritical && it.id === critical.id ? '消毒柜不加热' : null }));
    ok(await x.manager.patch(`/api/v1/inspections/${insp.id}`, { results }));
    ok(await x.manager.post(`/api/v1/inspections/${insp.id}/submit`, {}));
    return { id: insp.id as number, critical };
  }

  it('the daily self-check is a task for the canteen manager on a service day, done by submitting it', async () => {
    const x = await world();
    clock.set(at('06:00', TODAY));
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).schedules).toBe(1);
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).schedules).toBe(0);
    clock.set(at('07:01', TODAY));
    expect(await runDueSchedules(t.db, clock, { [SELF_CHECK_OWNER]: selfCheckScheduleHandler }, { schoolId: x.s.schoolId })).toBe(1);
    const mine = async () => ok(await x.manager.get('/api/v1/tasks/mine')).items.filter((k: { kind: string }) => k.kind === 'canteen.staff.task.dailySelfCheck');
    expect(await mine()).toHaveLength(1);
    expect((await staffDay(t.db, x.s.schoolId, TODAY, clock.now())).selfCheck).toEqual({ dailyDone: false, stop: null });
    await walk(x, 'canteen.daily', false);
    expect(await mine()).toHaveLength(0);
    const day = ok(await x.manager.get(`/api/v1/canteen/staff/self-check?date=${TODAY}`));
    expect(day.daily.done).toBe(true);
    expect(day.stop).toBeNull();
  });

  it('a change of the service days or the self-check time moves the daily self-check schedule', async () => {
    const x = await world();
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).schedules).toBe(1);
    const rule = async () => (await rowsOf<{ rule: { weekdays: number[]; time: string } }>(t.db, sql`SELECT rule FROM schedules WHERE school_id = ${x.s.schoolId} AND owner = ${SELF_CHECK_OWNER}`))[0].rule;
    expect(await rule()).toMatchObject({ weekdays: [1, 2, 3, 4, 5] });
    const current = ok(await x.director.get('/api/v1/settings/canteenStaff'));
    ok(await x.director.patch('/api/v1/settings/canteenStaff', { values: { serviceWeekdays: [1, 2, 3, 4, 5, 7], selfCheckTime: '06:30' }, version: current.version }));
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).schedules).toBe(1);
    expect(await rule()).toMatchObject({ weekdays: [1, 2, 3, 4, 5, 7], time: '06:30' });
    expect((await sweepCanteenStaff(t.db, clock, { schoolId: x.s.schoolId })).schedules).toBe(0);
  });

  it('a critical failure records a service stop, tells the principal, and only a leader lifts it with a note', async () => {
    const x = await world();
    clock.set(at('10:00', TODAY));
    const { id, critical } = await walk(x, 'canteen.daily', true);
    const board = await staffDay(t.db, x.s.schoolId, TODAY, clock.now());
    expect(board.selfCheck.dailyDone).toBe(true);
    expect(board.selfCheck.stop).toMatchObject({ inspectionId: id, items: [expect.stringContaining(critical.text.zh)] });
    for (const leader of [x.principal, x.vice]) {
      const notes = ok(await leader.get('/api/v1/notifications'));
      expect(notes.items.filter((n: { kind: string }) => n.kind === 'canteen.staff.notify.serviceStop')).toHaveLength(1);
    }
    const day = ok(await x.principal.get(`/api/v1/canteen/staff/self-check?date=${TODAY}`));
    expect(day.stop).toMatchObject({ inspectionId: id, liftedAt: null });
    expect((await x.manager.post(`/api/v1/canteen/staff/stops/${day.stop.id}/lift`, { liftNote: '已修复', version: day.stop.version })).status).toBe(403);
    expect((await x.principal.post(`/api/v1/canteen/staff/stops/${day.stop.id}/lift`, { liftNote: '', version: day.stop.version })).status).toBe(400);
    const lifted = ok(await x.principal.post(`/api/v1/canteen/staff/stops/${day.stop.id}/lift`, { liftNote: '消毒柜已修复，复查合格', version: day.stop.version }));
    expect(lifted).toMatchObject({ liftNote: '消毒柜已修复，复查合格', liftedByName: expect.any(String) });
    expect((await x.vice.post(`/api/v1/canteen/staff/stops/${day.stop.id}/lift`, { liftNote: '再次解除', version: lifted.version })).status).toBe(409);
    expect((await staffDay(t.db, x.s.schoolId, TODAY, clock.now())).selfCheck.stop).toBeNull();
  });
});

describe('permissions', () => {
  it('a teacher cannot record or read checks; the inspector reads but cannot write', async () => {
    clock.set(at('07:20', '2026-11-30'));
    expect((await w.teacher.post('/api/v1/canteen/staff/checks', { staffId: w.staff.a })).status).toBe(403);
    expect((await w.teacher.post('/api/v1/canteen/staff/checks/bulk', { staffIds: [w.staff.a] })).status).toBe(403);
    expect((await w.teacher.get('/api/v1/canteen/staff/roster')).status).toBe(403);
    expect((await w.teacher.post('/api/v1/canteen/staff', { userId: w.s.users.teacher.id, posts: [] })).status).toBe(403);
    expect((await w.inspector.post('/api/v1/canteen/staff/checks', { staffId: w.staff.a })).status).toBe(403);
    expect(ok(await w.inspector.get(`/api/v1/canteen/staff/roster?schoolId=${w.s.schoolId}`)).items).toHaveLength(5);
    // Another school's person is unknown here.
    const other = await world();
    expect((await other.manager.post('/api/v1/canteen/staff/checks', { staffId: w.staff.a })).status).toBe(400);
  });
});
