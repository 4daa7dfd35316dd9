import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Writable } from 'node:stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, anonymous, type TestApp, type TestSchool, type TestClient } from '../test/harness';
import { ErrorBody } from '../../contracts/common';
import { messages } from '../../contracts/i18n';
import { read } from './authz';
import { modules as registeredModules } from '../modules/registry';
import type { HouqinModule } from './module';

/* Errors: one shape, in the request's language, never leaking internals (issue #2 §7). */

const logLines: string[] = [];
// A module whose routes fail the way real bugs do.
const broken: HouqinModule = {
  name: 'broken',
  policy: { 'broken.read': read('admin', 'teacher') },
  routes: ({ db }) => async (app) => {
    app.get('/api/v1/broken/throw', { config: { action: 'broken.read' } }, async () => { throw new Error('secret internals at /srv/houqin/key.pem'); });
    app.get('/api/v1/broken/sql', { config: { action: 'broken.read' } }, async () => db.execute(sql`SELECT * FROM no_such_table_secret_xyz`));
    app.get('/api/v1/broken/async', { config: { action: 'broken.read' } }, async () => { await Promise.reject(new TypeError("Cannot read properties of undefined (reading 'passwordHash')")); });
  },
};

let t: TestApp;
let s: TestSchool;
let admin: TestClient;

beforeAll(async () => {
  const stream = new Writable({ write(chunk, _enc, cb) { logLines.push(chunk.toString()); cb(); } });
  t = await createTestApp({}, { modules: [...registeredModules, broken], logger: { level: 'error', stream } });
  s = await createTestSchool(t.db);
  admin = await login(t.app, s.users.admin.username);
});
afterAll(async () => t.close());

const expectShape = (json: unknown) => expect(ErrorBody.safeParse(json).success, JSON.stringify(json)).toBe(true);

describe('error answers', () => {
  it('malformed JSON → 400 badJson', async () => {
    const res = await admin.request('POST', '/api/v1/departments', '{"name": "总务', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expectShape(res.json);
    expect(res.json.error).toEqual({ code: 'badJson', message: '请求内容不是有效的 JSON' });
    const empty = await admin.request('POST', '/api/v1/departments', '', { 'content-type': 'application/json' });
    expect(empty.status).toBe(400);
    expectShape(empty.json);
  });

  it('invalid fields → 400 naming each field, in the request\'s language', async () => {
    const zh = await admin.post('/api/v1/locations', { code: 'bad code!', type: 'castle' });
    expect(zh.status).toBe(400);
    expectShape(zh.json);
    expect(zh.json.error.code).toBe('validation');
    const paths = zh.json.error.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['code', 'name', 'type']);
    expect(zh.json.error.fields.find((f: { path: string }) => f.path === 'name').message).toMatch(/^名称：/);
    const en = await admin.post('/api/v1/locations', { code: 'bad code!', type: 'castle' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json.error.message).toBe('Some fields are invalid; please check them');
    expect(en.json.error.fields.find((f: { path: string }) => f.path === 'name').message).toMatch(/^Name: /);
    const query = await admin.get('/api/v1/locations?limit=lots');
    expect(query.status).toBe(400);
    expect(query.json.error.fields[0].path).toMatch(/limit$/);
  });

  it('unknown sort and bad cursor → 400', async () => {
    const sort = await admin.get('/api/v1/students?sort=guardianPhone');
    expect(sort.status).toBe(400);
    expectShape(sort.json);
    expect(sort.json.error).toMatchObject({ code: 'badSort', message: '不支持按“guardianPhone”排序' });
    const cursor = await admin.get('/api/v1/students?cursor=%%%garbage', { 'accept-language': 'en-US' });
    expect(cursor.status).toBe(400);
    expectShape(cursor.json);
    expect(cursor.json.error).toMatchObject({ code: 'badCursor', message: 'Invalid page cursor' });
  });

  it('a 2 MB body → 413, and nothing is written', async () => {
    const res = await admin.request('POST', '/api/v1/departments', JSON.stringify({ name: '大'.repeat(700_000) }), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expectShape(res.json);
    expect(res.json.error.code).toBe('tooLarge');
    expect((await admin.get('/api/v1/departments')).json.items).toEqual([]);
  });

  it('an unsupported content type → 415', async () => {
    const res = await admin.request('POST', '/api/v1/departments', '<name>总务处</name>', { 'content-type': 'application/xml' });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('unsupportedMediaType');
    expectShape(res.json);
  });

  it('an unknown route → 404 with the error shape, in either language', async () => {
    for (const [lang, message] of [['zh-CN', '接口不存在'], ['en-US', 'No such endpoint']]) {
      const res = await anonymous(t.app).get('/api/v1/no-such-thing', { 'accept-language': lang });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { code: 'routeNotFound', message } });
    }
    expect((await admin.request('DELETE', `/api/v1/departments/1`)).status).toBe(404);
  });

  it('a 500 says nothing internal and carries an id that is in the log', async () => {
    for (const url of ['/api/v1/broken/throw', '/api/v1/broken/sql', '/api/v1/broken/async']) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(500);
      expectShape(res.json);
      const { code, message, correlationId } = res.json.error;
      expect(code).toBe('internal');
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(message).toBe(`服务器内部错误，请稍后再试（编号 ${correlationId}）`);
      expect(res.body).not.toMatch(/secret|no_such_table|passwordHash|\.pem|stack|at .*\.ts/);
      const logged = logLines.filter((l) => l.includes(correlationId));
      expect(logged.length, url).toBe(1);
    }
    expect(logLines.join('\n')).toContain('secret internals');
    const en = await admin.get('/api/v1/broken/throw', { 'accept-language': 'en-US' });
    expect(en.json.error.message).toBe(`Internal server error, please try again later (id ${en.json.error.correlationId})`);
  });

  it('401, 403 and 404 speak the request\'s language, zh-CN by default', async () => {
    expect((await anonymous(t.app).get('/api/v1/auth/me')).json.error.message).toBe('请先登录');
    expect((await anonymous(t.app).get('/api/v1/auth/me', { 'accept-language': 'en-US' })).json.error.message).toBe('Please log in first');
    expect((await anonymous(t.app).get('/api/v1/auth/me', { 'accept-language': 'en-GB,en;q=0.8' })).json.error.message).toBe('Please log in first');
    expect((await anonymous(t.app).get('/api/v1/auth/me', { 'accept-language': 'fr-FR' })).json.error.message).toBe('请先登录');
    expect((await anonymous(t.app).get('/api/v1/auth/me', { 'accept-language': 'zh-TW,en;q=0.5' })).json.error.message).toBe('请先登录');
    const teacher = await login(t.app, s.users.teacher.username);
    const forbidden = await teacher.post('/api/v1/departments', { name: '越权' }, { 'accept-language': 'en-US' });
    expect(forbidden.json.error).toEqual({ code: 'forbidden', message: 'You are not allowed to do this' });
    const inspector = await login(t.app, s.users.inspector.username);
    const readOnly = await inspector.post('/api/v1/departments', { name: '督导' });
    expect(readOnly.json.error).toEqual({ code: 'readOnly', message: '督导账号只能查看，不能修改' });
    expect((await admin.get('/api/v1/departments/2147480000', { 'accept-language': 'en-US' })).json.error).toEqual({ code: 'notFound', message: 'Record not found' });
  });

  it('every response carries the security headers', async () => {
    for (const res of [await anonymous(t.app).get('/api/v1/auth/me'), await admin.get('/api/v1/departments'), await anonymous(t.app).get('/api/v1/nope'), await anonymous(t.app).get('/healthz')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
  });
});

describe('error codes and translations', () => {
  it('every error code the server can raise has a message in zh-CN and en-US', () => {
    const serverDir = fileURLToPath(new URL('..', import.meta.url));
    const files: string[] = [];
    const walk = (d: string) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.templates.ts')) files.push(p); } };
    // (*.templates.ts declare checklist codes such as 'safety.fire_daily', not error codes.)
    walk(serverDir);
    const codes = new Set<string>();
    const patterns = [/AppError\(\s*'([\w.]+)'/g, /\bcode: '([a-z][\w.]+)'/g, /sendError\(reply, req, \d+, '([\w.]+)'/g, /'(org\.\w+Missing)'/g, /conflict = \(code = '([\w.]+)'\)/g];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const re of patterns) for (const m of text.matchAll(re)) codes.add(m[1]);
    }
    codes.delete('custom'); // zod's issue code for refinements, which name their message in params.i18n
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/i18n: '([\w.]+)'/g)) codes.add(m[1]);
    expect(codes.size).toBeGreaterThan(30);
    const missing = [...codes].flatMap((c) => (['zh-CN', 'en-US'] as const).filter((l) => !messages[l][`errors.${c}`]).map((l) => `${l} errors.${c}`));
    expect(missing).toEqual([]);
  });
});
