import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, anonymous, type TestApp, type TestSchool, type TestClient } from '../test/harness';
import { modules as registeredModules } from '../modules/registry';
import { read, write } from './authz';
import { rowsOf, type Db } from './db';
import type { HouqinModule } from './module';
import { getSettings, updateSettings, webhookUrlAllowed, type SettingsDef } from './settings';
import { schoolSettings } from './settings.tables';
import { CalendarSettings } from '../../contracts/schedules';
import { DEMO_HOLIDAYS, DEMO_MAKEUP_DAYS, DEMO_TERMS } from './schedules';

/* Per-school settings of a module: defaults in code, changes validated, versioned and audited. */

const CanteenSettings = z.object({
  mealsPerDay: z.number().int().min(1).max(5),
  menuNote: z.string().max(20),
  weekend: z.boolean(),
});
type CanteenSettings = z.infer<typeof CanteenSettings>;
const canteen: SettingsDef<CanteenSettings> = {
  module: 'canteentest', schema: CanteenSettings, defaults: { mealsPerDay: 3, menuNote: '', weekend: false },
  read: 'canteentest.settings.read', write: 'canteentest.settings.write',
};
const canteenModule: HouqinModule = {
  name: 'canteentest',
  policy: { 'canteentest.settings.read': read('admin', 'canteen_manager', 'teacher'), 'canteentest.settings.write': write('admin', 'canteen_manager') },
  routes: () => async () => {},
  settings: [canteen],
};

let t: TestApp;
let a: TestSchool;
let b: TestSchool;
let adminA: TestClient;
let managerA: TestClient;
let teacherA: TestClient;
let adminB: TestClient;
const URL = '/api/v1/settings/canteentest';
const actorA = () => ({ schoolId: a.schoolId, userId: a.users.admin.id, name: 'admin', ip: null });

beforeAll(async () => {
  t = await createTestApp({}, { modules: [...registeredModules, canteenModule] });
  a = await createTestSchool(t.db);
  b = await createTestSchool(t.db);
  [adminA, managerA, teacherA, adminB] = await Promise.all([
    login(t.app, a.users.admin.username), login(t.app, a.users.canteen_manager.username),
    login(t.app, a.users.teacher.username), login(t.app, b.users.admin.username),
  ]);
});
afterAll(async () => t.close());

describe('settings routes', () => {
  it('a school that never saved reads the defaults, version 0', async () => {
    const res = await teacherA.get(URL);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toEqual({ module: 'canteentest', values: { mealsPerDay: 3, menuNote: '', weekend: false }, version: 0 });
  });

  it('saves a change, merged over the defaults, with a new version; other schools are untouched', async () => {
    const res = await managerA.patch(URL, { values: { mealsPerDay: 4 }, version: 0 });
    expect(res.status, res.body).toBe(200);
    expect(res.json).toEqual({ module: 'canteentest', values: { mealsPerDay: 4, menuNote: '', weekend: false }, version: 1 });
    expect((await teacherA.get(URL)).json.values.mealsPerDay).toBe(4);
    expect((await adminB.get(URL)).json).toMatchObject({ values: { mealsPerDay: 3 }, version: 0 });
    expect(await getSettings(t.db, a.schoolId, canteen)).toEqual({ mealsPerDay: 4, menuNote: '', weekend: false });
  });

  it('refuses a bad value with 400 naming the key, and keeps what was there', async () => {
    const res = await adminA.patch(URL, { values: { mealsPerDay: 9, menuNote: 'x'.repeat(30) } });
    expect(res.status, res.body).toBe(400);
    expect(res.json.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['mealsPerDay', 'menuNote']);
    const wrongType = await adminA.patch(URL, { values: { weekend: 'yes' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.fields[0].path).toBe('weekend');
    expect((await teacherA.get(URL)).json.values.mealsPerDay).toBe(4);
  });

  it('refuses a key the module does not have', async () => {
    const res = await adminA.patch(URL, { values: { dessert: true } }, { 'accept-language': 'en-US' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([{ path: 'dessert', message: 'There is no setting "dessert"' }]);
  });

  it('answers 409 to a save based on an old version (someone saved in between)', async () => {
    const { version } = (await adminA.get(URL)).json;
    expect((await managerA.patch(URL, { values: { menuNote: '周三加餐' }, version })).status).toBe(200);
    const stale = await adminA.patch(URL, { values: { menuNote: '周五加餐' }, version });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('conflict');
    expect((await teacherA.get(URL)).json.values.menuNote).toBe('周三加餐');
  });

  it('two saves of the same version at once: one wins, the other gets 409', async () => {
    const { version } = (await adminA.get(URL)).json;
    const answers = await Promise.all([adminA.patch(URL, { values: { weekend: true }, version }), managerA.patch(URL, { values: { mealsPerDay: 2 }, version })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await adminA.get(URL)).json.version).toBe(version + 1);
  });

  it('records who changed what in the audit log', async () => {
    const before = (await adminA.get(URL)).json;
    const note = `note ${before.version}`;
    expect((await adminA.patch(URL, { values: { menuNote: note } })).status).toBe(200);
    const [row] = await rowsOf<{ actor_id: number; action: string; before: unknown; after: unknown }>(t.db, sql`SELECT actor_id, action, before, after FROM audit_log
      WHERE school_id = ${a.schoolId} AND entity = 'settings' AND entity_id = 'canteentest' ORDER BY seq DESC LIMIT 1`);
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(row.actor_id).toBe(a.users.admin.id);
    expect(row.action).toBe('update');
    expect(parse(row.before)).toEqual({ menuNote: before.values.menuNote });
    expect(parse(row.after)).toEqual({ menuNote: note });
  });

  it('a save that changes nothing keeps the version and writes no audit entry', async () => {
    const before = (await adminA.get(URL)).json;
    const res = await adminA.patch(URL, { values: { mealsPerDay: before.values.mealsPerDay }, version: before.version });
    expect(res.status).toBe(200);
    expect(res.json.version).toBe(before.version);
  });

  it('is guarded by the module\'s actions: 401 without a login, 403 for other roles', async () => {
    expect((await anonymous(t.app).get(URL)).status).toBe(401);
    expect((await teacherA.patch(URL, { values: { mealsPerDay: 1 } })).status).toBe(403);
    const guard = await login(t.app, a.users.guard.username);
    expect((await guard.get(URL)).status).toBe(403);
  });
});

describe('settings functions', () => {
  it('stores only what differs from the defaults, so a new default reaches schools that never changed that key', async () => {
    const s = await createTestSchool(t.db);
    const actor = { schoolId: s.schoolId, userId: s.users.admin.id, name: 'admin', ip: null };
    await t.db.transaction((tx) => updateSettings(tx as unknown as Db, actor, canteen, { mealsPerDay: 5, weekend: false }));
    const [row] = await t.db.select().from(schoolSettings).where(and(eq(schoolSettings.schoolId, s.schoolId), eq(schoolSettings.module, 'canteentest')));
    expect(row.values).toEqual({ mealsPerDay: 5 });
    expect(await getSettings(t.db, s.schoolId, { ...canteen, defaults: { ...canteen.defaults, weekend: true } })).toEqual({ mealsPerDay: 5, menuNote: '', weekend: true });
  });

  it('a stored value the schema no longer accepts falls back to its default, the others stay', async () => {
    const s = await createTestSchool(t.db);
    await t.db.insert(schoolSettings).values({ schoolId: s.schoolId, module: 'canteentest', values: { mealsPerDay: 99, menuNote: '留着', gone: 1 }, version: 3 });
    expect(await getSettings(t.db, s.schoolId, canteen)).toEqual({ mealsPerDay: 3, menuNote: '留着', weekend: false });
  });

  it('updateSettings checks the version it is given', async () => {
    await expect(t.db.transaction((tx) => updateSettings(tx as unknown as Db, actorA(), canteen, { mealsPerDay: 1 }, 0))).rejects.toMatchObject({ status: 409 });
  });
});

describe('the platform\'s own settings', () => {
  it('files: everyone reads the upload limit, leaders change it within 1–50 MB', async () => {
    expect((await teacherA.get('/api/v1/settings/files')).json.values).toEqual({ maxUploadMb: 10 });
    expect((await teacherA.patch('/api/v1/settings/files', { values: { maxUploadMb: 20 } })).status).toBe(403);
    const tooBig = await adminA.patch('/api/v1/settings/files', { values: { maxUploadMb: 500 } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.fields[0].path).toBe('maxUploadMb');
    expect(tooBig.json.error.fields[0].message).toContain('单个文件上限');
  });

  it('notifications: a WeCom or DingTalk robot URL only; only leaders see it (it holds the robot key)', async () => {
    const bad = await adminA.patch('/api/v1/settings/notifications', { values: { webhookKind: 'wecom', webhookUrl: 'https://evil.example.com/cgi-bin/webhook/send?key=1' } });
    expect(bad.status, bad.body).toBe(400);
    expect(bad.json.error.fields).toEqual([{ path: 'webhookUrl', message: 'Webhook 地址必须是 https://qyapi.weixin.qq.com/ 开头' }]);
    const half = await adminA.patch('/api/v1/settings/notifications', { values: { webhookKind: 'dingtalk' } });
    expect(half.status).toBe(400);
    expect(half.json.error.fields[0].path).toBe('webhookUrl');
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc';
    const ok = await adminA.patch('/api/v1/settings/notifications', { values: { webhookKind: 'wecom', webhookUrl: url } });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.values).toEqual({ webhookKind: 'wecom', webhookUrl: url });
    expect((await teacherA.get('/api/v1/settings/notifications')).status).toBe(403);
    const director = await login(t.app, a.users.director.username);
    expect((await director.get('/api/v1/settings/notifications')).json.values.webhookUrl).toBe(url);
    const off = await director.patch('/api/v1/settings/notifications', { values: { webhookKind: null, webhookUrl: null } });
    expect(off.json.values).toEqual({ webhookKind: null, webhookUrl: null });
  });

  it('webhook hosts: https and the exact host of the kind; HOUQIN_WEBHOOK_HOSTS replaces the list', () => {
    expect(webhookUrlAllowed('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=x', {})).toBe(true);
    expect(webhookUrlAllowed('dingtalk', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', {})).toBe(false);
    expect(webhookUrlAllowed('wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send', {})).toBe(false);
    expect(webhookUrlAllowed('wecom', 'https://qyapi.weixin.qq.com.evil.cn/x', {})).toBe(false);
    expect(webhookUrlAllowed('wecom', 'https://user@qyapi.weixin.qq.com/x', {})).toBe(false);
    expect(webhookUrlAllowed('wecom', 'https://qyapi.weixin.qq.com:8443/x', {})).toBe(false);
    expect(webhookUrlAllowed('wecom', 'not a url', {})).toBe(false);
    const env = { HOUQIN_WEBHOOK_HOSTS: '127.0.0.1:8123' };
    expect(webhookUrlAllowed('wecom', 'http://127.0.0.1:8123/hook', env)).toBe(true);
    expect(webhookUrlAllowed('wecom', 'https://qyapi.weixin.qq.com/x', env)).toBe(false);
  });
});

describe('the calendar setting: every refused value names its field', () => {
  const TERMS = [{ name: '2026-2027学年第一学期', start: '2026-09-01', end: '2027-01-20' }];
  const body = {
    values: {
      terms: TERMS,
      holidays: [{ name: '国庆节', start: '2026-10-01', end: '2026-10-07' }, { name: '元旦', start: '2027-1-1', end: '2027-01-03' }],
      makeUpDays: [{ date: '2026-10-09', name: '国庆调休' }], // a Friday
    },
  };

  it('a malformed holiday date and a make-up weekday in one save: 400 listing both fields, in zh and in en', async () => {
    const zh = await adminA.patch('/api/v1/settings/calendar', body);
    expect(zh.status, zh.body).toBe(400);
    expect(zh.json.error.code).toBe('validation');
    expect(zh.json.error.fields).toEqual([
      { path: 'holidays.1.start', message: expect.stringMatching(/^开始日期：/) },
      { path: 'makeUpDays.0.date', message: '调休上课日应为周六或周日（周一至周五本来就上课）' },
    ]);
    expect(zh.json.error.fields[0].message).not.toContain('设置值无效');
    const en = await adminA.patch('/api/v1/settings/calendar', body, { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.json.error.fields).toEqual([
      { path: 'holidays.1.start', message: expect.stringMatching(/^Start date: /) },
      { path: 'makeUpDays.0.date', message: 'A make-up school day must be a Saturday or Sunday (Monday to Friday are school days anyway)' },
    ]);
    // Nothing was saved.
    expect((await adminA.get('/api/v1/settings/calendar')).json.version).toBe(0);
  });

  it('an impossible day, a blank name and an overlapping holiday in one save: each on its own field', async () => {
    const res = await adminA.patch('/api/v1/settings/calendar', { values: {
      terms: TERMS,
      holidays: [
        { name: '国庆节', start: '2026-10-01', end: '2026-10-07' },
        { name: '校庆', start: '2026-10-06', end: '2026-10-09' },
        { name: ' ', start: '2026-02-30', end: '2026-03-01' },
      ],
    } }, { 'accept-language': 'en-US' });
    expect(res.status, res.body).toBe(400);
    expect(res.json.error.fields).toEqual([
      { path: 'holidays.2.name', message: expect.stringMatching(/^Name: /) },
      { path: 'holidays.2.start', message: expect.stringMatching(/^Start date: /) },
      { path: 'holidays.1.start', message: 'The holiday\'s dates overlap "国庆节" (2026-10-01 to 2026-10-07)' },
    ]);
  });

  it('the demo calendar (国庆节、中秋节, 元旦, two make-up weekends) validates and saves', async () => {
    const demo = { terms: DEMO_TERMS, holidays: DEMO_HOLIDAYS, makeUpDays: DEMO_MAKEUP_DAYS };
    expect(CalendarSettings.safeParse(demo).success).toBe(true);
    const s = await createTestSchool(t.db);
    const actor = { schoolId: s.schoolId, userId: s.users.admin.id, name: 'admin', ip: null };
    const { calendarSettings } = await import('./schedules');
    expect(await t.db.transaction((tx) => updateSettings(tx as unknown as Db, actor, calendarSettings, demo))).toEqual(demo);
  });
});
