import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool, type TestClient } from '../test/harness';
import { rowsOf, type Db } from './db';
import { manualClock } from './clock';
import { createTask, completeTasks, reassignTasks, sweepOverdueTasks } from './tasks';

/* 我的待办: what is due for me today (in the school's time zone), overdue first; overdue notices once. */

let t: TestApp;
let s: TestSchool;
let worker: TestClient;
let director: TestClient;
// 2026-09-02 01:00 in Shanghai, still 09-01 in UTC: "today" is the school's 2 September.
const clock = manualClock('2026-09-01T17:00:00Z');
const ids: Record<string, number> = {};

const task = (name: string, over: Partial<Parameters<typeof createTask>[1]>) => t.db.transaction(async (tx) => {
  ids[name] = await createTask(tx as unknown as Db, {
    schoolId: s.schoolId, module: 'test', kind: 'tasks.title', params: {}, entity: 'thing', entityId: Object.keys(ids).length + 1,
    assigneeId: s.users.repair_worker.id, dueAt: new Date('2026-09-02T09:00:00Z'), link: `/things/${name}`, ...over,
  });
});

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  s = await createTestSchool(t.db);
  worker = await login(t.app, s.users.repair_worker.username);
  director = await login(t.app, s.users.director.username);
  await task('today', { dueAt: new Date('2026-09-02T09:00:00Z') }); // 17:00 today
  await task('yesterday', { dueAt: new Date('2026-09-01T09:00:00Z') }); // overdue
  await task('lastWeek', { dueAt: new Date('2026-08-26T01:00:00Z') }); // overdue, older
  await task('tomorrow', { dueAt: new Date('2026-09-02T16:00:00Z') }); // 00:00 on 09-03 local: not today
  await task('done', { dueAt: new Date('2026-09-02T02:00:00Z') });
  await task('forDirectors', { assigneeId: null, role: 'director', dueAt: new Date('2026-09-02T08:00:00Z') });
  await task('otherWorker', { assigneeId: s.users.guard.id });
  await t.db.transaction((tx) => completeTasks(tx as unknown as Db, s.schoolId, 'thing', 5));
});
afterAll(async () => t.close());

const links = (items: { link: string }[]) => items.map((i) => i.link.replace('/things/', ''));

describe('GET /api/v1/tasks/mine', () => {
  it('today and overdue, in the school\'s time zone, overdue first (oldest first)', async () => {
    const res = await worker.get('/api/v1/tasks/mine');
    expect(res.status).toBe(200);
    expect(res.json.today).toBe('2026-09-02');
    expect(links(res.json.items)).toEqual(['lastWeek', 'yesterday', 'today']);
    expect(res.json.items.map((i: { overdue: boolean }) => i.overdue)).toEqual([true, true, false]);
    expect(res.json.items[2]).toMatchObject({ title: '我的待办', module: 'test', entity: 'thing', assigneeId: s.users.repair_worker.id, dueAt: '2026-09-02T09:00:00.000Z' });
    const en = await worker.get('/api/v1/tasks/mine', { 'accept-language': 'en-US' });
    expect(en.json.items[0].title).toBe('My tasks');
  });

  it('scope=all adds the later ones; completed tasks are gone; a role\'s task goes to its holders', async () => {
    expect(links((await worker.get('/api/v1/tasks/mine?scope=all')).json.items)).toEqual(['lastWeek', 'yesterday', 'today', 'tomorrow']);
    expect(links((await director.get('/api/v1/tasks/mine')).json.items)).toEqual(['forDirectors']);
    expect((await worker.get('/api/v1/tasks/mine?scope=bogus')).status).toBe(400);
    // Another school's director does not get this school's director tasks.
    const other = await createTestSchool(t.db);
    expect((await (await login(t.app, other.users.director.username)).get('/api/v1/tasks/mine')).json.items).toEqual([]);
  });

  it('completeTasks closes one kind or all of a record\'s tasks', async () => {
    await task('twoKinds', { kind: 'menu.myTasks', entityId: 900 });
    await task('twoKinds2', { kind: 'tasks.title', entityId: 900 });
    await t.db.transaction((tx) => completeTasks(tx as unknown as Db, s.schoolId, 'thing', 900, 'menu.myTasks'));
    expect(links((await worker.get('/api/v1/tasks/mine')).json.items)).toContain('twoKinds2');
    expect(links((await worker.get('/api/v1/tasks/mine')).json.items)).not.toContain('twoKinds');
    await t.db.transaction((tx) => completeTasks(tx as unknown as Db, s.schoolId, 'thing', 900));
    expect(links((await worker.get('/api/v1/tasks/mine')).json.items)).not.toContain('twoKinds2');
  });
});

describe('overdue sweep', () => {
  const notices = async (userId: number) => rowsOf<{ kind: string; link: string }>(t.db, sql`
    SELECT kind, link FROM notifications WHERE school_id = ${s.schoolId} AND user_id = ${userId} AND kind = 'tasks.notify.overdue' ORDER BY id`);

  it('marks overdue tasks and tells the assignee and the directors once', async () => {
    const c = manualClock('2026-09-01T17:00:00Z');
    // Overdue now: lastWeek, yesterday (the worker's) — the others are due later.
    expect(await sweepOverdueTasks(t.db, c, { schoolId: s.schoolId })).toBe(2);
    expect((await notices(s.users.repair_worker.id)).map((n) => n.link).sort()).toEqual(['/things/lastWeek', '/things/yesterday']);
    expect((await notices(s.users.director.id))).toHaveLength(2);
    expect(await notices(s.users.guard.id)).toEqual([]);
    // Again: nothing more.
    expect(await sweepOverdueTasks(t.db, c, { schoolId: s.schoolId })).toBe(0);
    expect((await notices(s.users.director.id))).toHaveLength(2);

    // The next evening: today's tasks are overdue too — the directors' own role task tells the directors once.
    c.set('2026-09-02T12:00:00Z');
    const swept = await sweepOverdueTasks(t.db, c, { schoolId: s.schoolId });
    expect(swept).toBe(3); // today, forDirectors, otherWorker (tomorrow's is not due; twoKinds are done)
    const directorNotices = await notices(s.users.director.id);
    expect(directorNotices.map((n) => n.link).filter((l) => l === '/things/forDirectors')).toHaveLength(1);
    expect((await notices(s.users.guard.id)).map((n) => n.link)).toEqual(['/things/otherWorker']);
    // The notice names the task in the reader's language.
    const list = (await director.get('/api/v1/notifications', { 'accept-language': 'en-US' })).json.items;
    expect(list[0].title).toBe('Task overdue: My tasks');
    expect(await sweepOverdueTasks(t.db, c, { schoolId: s.schoolId })).toBe(0);
  });

  it('leaves the directors out when the module escalates by itself (escalate: false)', async () => {
    await task('quiet', { assigneeId: s.users.guard.id, dueAt: new Date('2026-09-03T01:00:00Z'), escalate: false });
    const c = manualClock('2026-09-03T02:00:00Z');
    expect(await sweepOverdueTasks(t.db, c, { schoolId: s.schoolId })).toBe(2); // quiet, and tomorrow's
    expect((await notices(s.users.guard.id)).map((n) => n.link)).toContain('/things/quiet');
    expect((await notices(s.users.director.id)).map((n) => n.link)).not.toContain('/things/quiet');
    expect((await notices(s.users.director.id)).map((n) => n.link)).toContain('/things/tomorrow');
  });
});

describe('reassignTasks', () => {
  it('moves a record\'s open tasks (of one kind) to a person or a role; done ones and other records stay', async () => {
    const o = await createTestSchool(t.db);
    const u = o.users;
    const mk = (entityId: number, kind: string, assigneeId: number | null, role?: 'director') => t.db.transaction((tx) => createTask(tx as unknown as Db, {
      schoolId: o.schoolId, module: 'test', kind, entity: 'plan', entityId, assigneeId, role, dueAt: new Date('2026-09-20T09:00:00Z'), link: `/plans/${entityId}`,
    }));
    const open = await mk(1, 'tasks.title', u.repair_worker.id);
    const otherKind = await mk(1, 'menu.myTasks', u.repair_worker.id);
    const done = await mk(1, 'tasks.title', u.repair_worker.id);
    const otherRecord = await mk(2, 'tasks.title', u.repair_worker.id);
    await t.db.execute(sql`UPDATE tasks SET state = 'done', completed_at = now() WHERE school_id = ${o.schoolId} AND id = ${done}`);
    const rows = async () => Object.fromEntries((await rowsOf<{ id: number; assignee_id: number | null; role: string | null; state: string }>(t.db,
      sql`SELECT id, assignee_id, role, state FROM tasks WHERE school_id = ${o.schoolId} ORDER BY id`)).map((r) => [r.id, [r.assignee_id, r.role, r.state]]));
    const move = (to: Parameters<typeof reassignTasks>[3], of: Parameters<typeof reassignTasks>[2] = { entity: 'plan', entityId: 1, kind: 'tasks.title' }) =>
      t.db.transaction((tx) => reassignTasks(tx as unknown as Db, o.schoolId, of, to));

    expect(await move({ assigneeId: u.guard.id })).toBe(1);
    expect(await rows()).toEqual({
      [open]: [u.guard.id, null, 'open'], [otherKind]: [u.repair_worker.id, null, 'open'],
      [done]: [u.repair_worker.id, null, 'done'], [otherRecord]: [u.repair_worker.id, null, 'open'],
    });
    // Already theirs: nothing moves.
    expect(await move({ assigneeId: u.guard.id })).toBe(0);
    // To a role: no one person, the role's holders see it.
    expect(await move({ assigneeId: null, role: 'director' })).toBe(1);
    expect((await rows())[open]).toEqual([null, 'director', 'open']);
    const director = await login(t.app, u.director.username);
    expect((await director.get('/api/v1/tasks/mine?scope=all')).json.items.map((i: { id: number }) => i.id)).toEqual([open]);
    expect(await move({ assigneeId: null, role: 'director' })).toBe(0);
    // Every record of the entity, every kind; another school's tasks are never touched.
    expect(await move({ assigneeId: u.admin.id }, { entity: 'plan' })).toBe(3);
    expect(await rows()).toEqual({
      [open]: [u.admin.id, null, 'open'], [otherKind]: [u.admin.id, null, 'open'],
      [done]: [u.repair_worker.id, null, 'done'], [otherRecord]: [u.admin.id, null, 'open'],
    });
    // The first school's open 'thing' tasks are not this school's to move.
    expect(await move({ assigneeId: u.admin.id }, { entity: 'thing' })).toBe(0);
    await expect(move({ assigneeId: null })).rejects.toThrow(/assignee or a role/);
  });
});
