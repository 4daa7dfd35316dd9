import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool, type TestClient } from '../test/harness';
import { rowsOf, type Db } from './db';
import { manualClock } from './clock';
import { notify, deliverOutbox, renderMessage, outboxBackoffMs } from './notifications';

/* In-app notifications (each person sees only theirs) and the group-robot outbox. */

interface Hit { url: string; body: unknown }
/** A local stand-in for the WeCom / DingTalk robot: records what it is sent, answers as told. */
function fakeRobot() {
  const hits: Hit[] = [];
  let answer: (res: ServerResponse) => void = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { hits.push({ url: req.url!, body: body ? JSON.parse(body) : null }); answer(res); });
  });
  return {
    hits, server,
    answer: (fn: typeof answer) => { answer = fn; },
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
let s: TestSchool;
let robot: ReturnType<typeof fakeRobot>;
let elsewhere: ReturnType<typeof fakeRobot>;
let port: number;
let otherPort: number;
const clock = manualClock('2026-09-01T00:00:00Z');

beforeAll(async () => {
  robot = fakeRobot();
  elsewhere = fakeRobot();
  port = await robot.listen();
  otherPort = await elsewhere.listen();
  // Tests only: the robot host list is the local fake, never a real host.
  process.env.HOUQIN_WEBHOOK_HOSTS = `127.0.0.1:${port}`;
  t = await createTestApp({}, { clock });
  s = await createTestSchool(t.db);
});
afterAll(async () => {
  delete process.env.HOUQIN_WEBHOOK_HOSTS;
  await t.close();
  await robot.close();
  await elsewhere.close();
});

const send = (schoolId: number, userIds: number[], extra: Partial<Parameters<typeof notify>[1]> = {}) =>
  t.db.transaction((tx) => notify(tx as unknown as Db, { schoolId, userIds, kind: 'tasks.notify.overdue', params: { taskKey: 'menu.myTasks' }, link: '/tasks', ...extra }));

describe('in-app notifications', () => {
  let worker: TestClient;
  let director: TestClient;
  beforeAll(async () => {
    worker = await login(t.app, s.users.repair_worker.username);
    director = await login(t.app, s.users.director.username);
  });

  it('are written in the caller\'s transaction: a rolled-back change leaves none', async () => {
    const before = (await worker.get('/api/v1/notifications/unread-count')).json.count;
    await expect(t.db.transaction(async (tx) => {
      await notify(tx as unknown as Db, { schoolId: s.schoolId, userIds: [s.users.repair_worker.id], kind: 'tasks.notify.overdue', params: { taskKey: 'menu.myTasks' } });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect((await worker.get('/api/v1/notifications/unread-count')).json.count).toBe(before);
    await send(s.schoolId, [s.users.repair_worker.id]);
    expect((await worker.get('/api/v1/notifications/unread-count')).json.count).toBe(before + 1);
  });

  it('each person sees only theirs, rendered in the request\'s language, newest first with keyset paging', async () => {
    await send(s.schoolId, [s.users.director.id], { params: { taskKey: 'tasks.title' }, entity: 'task', entityId: 7 });
    await send(s.schoolId, [s.users.director.id, s.users.director.id, s.users.principal.id], { params: { taskKey: 'menu.myTasks' } });
    const zh = (await director.get('/api/v1/notifications')).json;
    expect(zh.items.map((n: { title: string }) => n.title)).toEqual(['待办已逾期：我的待办', '待办已逾期：我的待办']);
    const en = (await director.get('/api/v1/notifications', { 'accept-language': 'en-US' })).json;
    expect(en.items.map((n: { title: string }) => n.title)).toEqual(['Task overdue: My tasks', 'Task overdue: My tasks']);
    expect(en.items[1]).toMatchObject({ link: '/tasks', entity: 'task', entityId: 7, readAt: null, kind: 'tasks.notify.overdue' });
    const page1 = (await director.get('/api/v1/notifications?limit=1')).json;
    expect(page1.items).toHaveLength(1);
    const page2 = (await director.get(`/api/v1/notifications?limit=1&cursor=${page1.nextCursor}`)).json;
    expect(page2.items[0].id).toBeLessThan(page1.items[0].id);
    expect((await director.get('/api/v1/notifications?cursor=abc')).status).toBe(400);
    // The worker's list has none of the director's.
    const mine = (await worker.get('/api/v1/notifications')).json.items.map((n: { id: number }) => n.id);
    expect(mine).not.toContain(page1.items[0].id);
    expect(renderMessage('en-US', 'tasks.notify.overdue', { taskKey: 'menu.myTasks' })).toBe('Task overdue: My tasks');
  });

  it('read, read-all and unread only: another person\'s notification is not found', async () => {
    const list = (await director.get('/api/v1/notifications?unread=true')).json.items;
    expect(list.length).toBe(2);
    expect((await director.get('/api/v1/notifications/unread-count')).json.count).toBe(2);
    // The worker cannot mark the director's notification, nor learn that it exists.
    const foreign = await worker.post(`/api/v1/notifications/${list[0].id}/read`);
    expect(foreign.status).toBe(404);
    expect((await director.get('/api/v1/notifications/unread-count')).json.count).toBe(2);
    expect((await director.post(`/api/v1/notifications/${list[0].id}/read`)).status).toBe(204);
    expect((await director.post(`/api/v1/notifications/${list[0].id}/read`)).status).toBe(204); // twice is fine
    expect((await director.get('/api/v1/notifications/unread-count')).json.count).toBe(1);
    const after = (await director.get('/api/v1/notifications')).json.items;
    expect(after.find((n: { id: number }) => n.id === list[0].id).readAt).toBe(clock.now().toISOString());
    expect((await director.get('/api/v1/notifications?unread=true')).json.items.map((n: { id: number }) => n.id)).toEqual([list[1].id]);
    expect((await director.post('/api/v1/notifications/read-all')).json).toEqual({ updated: 1 });
    expect((await director.get('/api/v1/notifications/unread-count')).json.count).toBe(0);
    // The principal's copy of the same notice is still unread.
    const principal = await login(t.app, s.users.principal.username);
    expect((await principal.get('/api/v1/notifications/unread-count')).json.count).toBe(1);
  });

  it('another school\'s person never sees them; an inspector reads but changes nothing', async () => {
    const other = await createTestSchool(t.db);
    const stranger = await login(t.app, other.users.director.username);
    const mine = (await director.get('/api/v1/notifications')).json.items;
    expect((await stranger.get('/api/v1/notifications')).json.items).toEqual([]);
    expect((await stranger.post(`/api/v1/notifications/${mine[0].id}/read`)).status).toBe(404);
    const inspector = await login(t.app, s.users.inspector.username);
    expect((await inspector.get('/api/v1/notifications/unread-count')).status).toBe(200);
    const refused = await inspector.post('/api/v1/notifications/read-all');
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('readOnly');
  });
});

describe('group-robot webhook', () => {
  let hooked: TestSchool;
  let admin: TestClient;
  const pending = async () => rowsOf<{ status: string; attempts: number; last_error: string | null; next_attempt_at: string | Date | null }>(t.db, sql`
    SELECT status, attempts, last_error, next_attempt_at FROM notification_outbox WHERE school_id = ${hooked.schoolId} ORDER BY id`);

  beforeAll(async () => {
    hooked = await createTestSchool(t.db);
    admin = await login(t.app, hooked.users.admin.username);
  });
  beforeEach(() => { robot.hits.length = 0; elsewhere.hits.length = 0; });

  it('the URL is validated when saved: another host is refused, naming webhookUrl', async () => {
    for (const url of ['https://evil.example.com/send?key=1', `http://127.0.0.1:${otherPort}/send`, 'https://qyapi.weixin.qq.com.evil.com/x', 'not a url']) {
      const res = await admin.patch('/api/v1/settings/notifications', { values: { webhookKind: 'wecom', webhookUrl: url } });
      expect(res.status, url).toBe(400);
      expect(res.json.error.fields.map((f: { path: string }) => f.path), url).toContain('webhookUrl');
    }
    // Without a robot, nothing goes to the outbox.
    await send(hooked.schoolId, [hooked.users.director.id]);
    expect(await pending()).toEqual([]);
  });

  it('delivers after commit to the configured robot, as a WeCom text message; a rolled-back notice sends nothing', async () => {
    const ok = await admin.patch('/api/v1/settings/notifications', { values: { webhookKind: 'wecom', webhookUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=test-key` } });
    expect(ok.status).toBe(200);
    await expect(t.db.transaction(async (tx) => {
      await notify(tx as unknown as Db, { schoolId: hooked.schoolId, userIds: [hooked.users.director.id], kind: 'tasks.notify.overdue', params: { taskKey: 'menu.myTasks' } });
      throw new Error('rolled back');
    })).rejects.toThrow();
    expect(await pending()).toEqual([]);
    await send(hooked.schoolId, [hooked.users.director.id, hooked.users.principal.id]);
    expect((await pending()).map((r) => r.status)).toEqual(['pending']);
    const r = await deliverOutbox(t.db, clock, { schoolId: hooked.schoolId });
    expect(r).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(robot.hits).toHaveLength(1);
    expect(robot.hits[0].url).toBe('/cgi-bin/webhook/send?key=test-key');
    const body = robot.hits[0].body as { msgtype: string; text: { content: string } };
    expect(body.msgtype).toBe('text');
    expect(Object.keys(body)).toEqual(['msgtype', 'text']);
    expect(body.text.content).toContain('【后勤】待办已逾期：我的待办');
    expect(body.text.content).toContain(`director ${hooked.code}`);
    expect((await pending())[0]).toMatchObject({ status: 'sent', attempts: 1 });
    // Delivered once: the next run sends nothing.
    expect(await deliverOutbox(t.db, clock, { schoolId: hooked.schoolId })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(robot.hits).toHaveLength(1);
  });

  it('retries with backoff when the robot refuses, and gives up after the maximum attempts', async () => {
    await admin.patch('/api/v1/settings/notifications', { values: { webhookKind: 'dingtalk', webhookUrl: `http://127.0.0.1:${port}/robot/send?access_token=t` } });
    robot.answer((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":310000,"errmsg":"keywords not in content"}'));
    await t.db.execute(sql`DELETE FROM notification_outbox WHERE school_id = ${hooked.schoolId}`);
    await send(hooked.schoolId, [hooked.users.director.id]);
    const c = manualClock('2026-09-01T00:00:00Z');
    expect(await deliverOutbox(t.db, c, { schoolId: hooked.schoolId, maxAttempts: 3 })).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await pending();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('310000');
    expect(new Date(row.next_attempt_at!).getTime()).toBe(c.now().getTime() + outboxBackoffMs(1));
    // Not before its time.
    expect(await deliverOutbox(t.db, c, { schoolId: hooked.schoolId, maxAttempts: 3 })).toEqual({ sent: 0, retried: 0, failed: 0 });
    c.advance(outboxBackoffMs(1));
    robot.answer((res) => res.writeHead(502).end('bad gateway'));
    expect(await deliverOutbox(t.db, c, { schoolId: hooked.schoolId, maxAttempts: 3 })).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await pending();
    expect(row.attempts).toBe(2);
    expect(new Date(row.next_attempt_at!).getTime()).toBe(c.now().getTime() + outboxBackoffMs(2));
    expect(outboxBackoffMs(2)).toBeGreaterThan(outboxBackoffMs(1));
    c.advance(outboxBackoffMs(2));
    expect(await deliverOutbox(t.db, c, { schoolId: hooked.schoolId, maxAttempts: 3 })).toEqual({ sent: 0, retried: 0, failed: 1 });
    [row] = await pending();
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(robot.hits).toHaveLength(3);
    expect((robot.hits[0].body as { msgtype: string }).msgtype).toBe('text');
    c.advance(3600_000);
    expect(await deliverOutbox(t.db, c, { schoolId: hooked.schoolId, maxAttempts: 3 })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(robot.hits).toHaveLength(3);
  });

  it('never calls another host: a redirect is not followed, and a robot removed meanwhile is not called', async () => {
    robot.answer((res) => res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/steal` }).end());
    await send(hooked.schoolId, [hooked.users.director.id]);
    expect(await deliverOutbox(t.db, clock, { schoolId: hooked.schoolId })).toMatchObject({ sent: 0, retried: 1 });
    expect(robot.hits).toHaveLength(1);
    expect(elsewhere.hits).toEqual([]);
    await t.db.execute(sql`UPDATE notification_outbox SET status = 'sent' WHERE school_id = ${hooked.schoolId}`);

    robot.answer((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}'));
    await send(hooked.schoolId, [hooked.users.director.id]);
    await admin.patch('/api/v1/settings/notifications', { values: { webhookKind: null, webhookUrl: null } });
    expect(await deliverOutbox(t.db, clock, { schoolId: hooked.schoolId })).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(robot.hits).toHaveLength(1);
    expect((await pending()).at(-1)).toMatchObject({ status: 'failed', last_error: 'not configured' });
  });
});
