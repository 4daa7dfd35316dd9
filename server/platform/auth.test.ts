import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  createTestApp, createTestSchool, login, tryLogin, anonymous, sessionIdOf, uniqueAddress, TEST_PASSWORD,
  type TestApp, type TestSchool, type TestClient,
} from '../test/harness';
import { rowsOf } from './db';
import { THROTTLE } from './throttle';
import { loadConfig } from './config';

let t: TestApp;
/** The same database without the session cache, for tests that move a session's clock in SQL. */
let raw: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  raw = await createTestApp({ sessionCacheMs: 0 }, { database: t.database });
});
afterAll(async () => { await raw.close(); await t.close(); });

const school = () => createTestSchool(t.db);
const me = (c: TestClient) => c.get('/api/v1/auth/me');
const setCookieOf = (res: { headers: Record<string, unknown> }) => [res.headers['set-cookie']].flat().filter(Boolean).map(String).find((c) => c.startsWith('houqin_sid=')) ?? '';
const auditCount = async (schoolId: number) => Number((await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE school_id = ${schoolId}`))[0].n);

describe('login', () => {
  it('gives the same answer for an unknown user, a wrong password and a deactivated account', async () => {
    const s = await school();
    const admin = await login(t.app, s.users.admin.username);
    expect((await admin.post(`/api/v1/users/${s.users.storekeeper.id}/deactivate`)).status).toBe(200);
    const ip = { remoteAddress: uniqueAddress() };
    const answers = [
      await tryLogin(t.app, `${s.code}-nobody`, TEST_PASSWORD, ip),
      await tryLogin(t.app, s.users.accountant.username, 'wrong-password', ip),
      await tryLogin(t.app, s.users.storekeeper.username, TEST_PASSWORD, ip),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'auth.badCredentials', message: '用户名或密码错误' } });
      expect(res.cookies.find((c) => c.name === 'houqin_sid')).toBeUndefined();
    }
    // Usernames are not case sensitive, and `me` answers who is logged in.
    const c = await login(t.app, s.users.accountant.username.toUpperCase());
    expect((await me(c)).json).toMatchObject({ id: s.users.accountant.id, username: s.users.accountant.username, schoolId: s.schoolId, roles: ['accountant'] });
  });

  it('throttles an account after 5 failures: the 6th try is 429 with Retry-After, even with the right password', async () => {
    const s = await school();
    const user = s.users.teacher.username;
    // Failures from different addresses still count against the account.
    for (let i = 0; i < THROTTLE.perAccount; i++) {
      const res = await tryLogin(t.app, user, `wrong-${i}`, { remoteAddress: uniqueAddress() });
      expect(res.statusCode).toBe(401);
    }
    for (const password of ['wrong-again', TEST_PASSWORD]) {
      const res = await tryLogin(t.app, user, password, { remoteAddress: uniqueAddress() });
      expect(res.statusCode).toBe(429);
      const wait = Number(res.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(THROTTLE.windowMs / 1000);
      expect(res.json().error.code).toBe('auth.throttled');
      expect(res.json().error.message).toContain(String(wait));
    }
    // Other people are not locked out, and the account opens again once the window has passed.
    await login(t.app, s.users.guard.username, TEST_PASSWORD, { remoteAddress: uniqueAddress() });
    await t.db.execute(sql`UPDATE login_throttle SET window_started_at = now() - interval '16 minutes' WHERE key = ${'u:' + user}`);
    await login(t.app, user, TEST_PASSWORD, { remoteAddress: uniqueAddress() });
  });

  it('a successful login clears the account\'s failures', async () => {
    const s = await school();
    const ip = { remoteAddress: uniqueAddress() };
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < THROTTLE.perAccount - 1; i++) expect((await tryLogin(t.app, s.users.director.username, 'nope', ip)).statusCode).toBe(401);
      expect((await tryLogin(t.app, s.users.director.username, TEST_PASSWORD, ip)).statusCode).toBe(200);
    }
  });

  it('throttles an address after 50 failures, whatever the usernames', async () => {
    const s = await school();
    const address = uniqueAddress();
    for (let i = 0; i < THROTTLE.perAddress; i++) {
      expect((await tryLogin(t.app, `${s.code}-guess-${i}`, 'x', { remoteAddress: address })).statusCode).toBe(401);
    }
    const blocked = await tryLogin(t.app, s.users.admin.username, TEST_PASSWORD, { remoteAddress: address });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The same person from another address gets in.
    expect((await tryLogin(t.app, s.users.admin.username, TEST_PASSWORD, { remoteAddress: uniqueAddress() })).statusCode).toBe(200);
  });

  it('issues a new session id at every login and ends the one it replaces', async () => {
    const s = await school();
    const first = await login(t.app, s.users.principal.username);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: s.users.principal.username, password: TEST_PASSWORD }, headers: { cookie: first.cookie } });
    expect(again.statusCode).toBe(200);
    const token = again.cookies.find((c) => c.name === 'houqin_sid')!.value;
    expect(`houqin_sid=${token}`).not.toBe(first.cookie);
    expect((await me(first)).status).toBe(401);
    // A session id planted before login is worthless.
    const planted = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: s.users.principal.username, password: TEST_PASSWORD }, headers: { cookie: 'houqin_sid=planted-by-attacker' } });
    expect(planted.cookies.find((c) => c.name === 'houqin_sid')!.value).not.toBe('planted-by-attacker');
    expect((await anonymous(t.app, { headers: { cookie: 'houqin_sid=planted-by-attacker' } }).get('/api/v1/auth/me')).status).toBe(401);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, for the whole site, expiring with the absolute timeout', async () => {
    const s = await school();
    const res = await tryLogin(t.app, s.users.teacher.username, TEST_PASSWORD);
    const cookie = setCookieOf({ headers: res.headers });
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toContain(`Max-Age=${7 * 24 * 3600}`);
    expect(cookie).not.toMatch(/; Secure/i);
    // Behind a reverse proxy someone may claim https: without trustProxy the claim is ignored.
    const claimed = await tryLogin(t.app, s.users.teacher.username, TEST_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookieOf({ headers: claimed.headers })).not.toMatch(/; Secure/i);
    // The session id is opaque and long.
    expect(cookie.split(';')[0].slice('houqin_sid='.length).length).toBeGreaterThanOrEqual(40);
  });

  it('sets the cookie Secure behind an HTTPS proxy when told to trust it', async () => {
    const proxied = await createTestApp({ trustProxy: true }, { database: t.database });
    try {
      const s = await school();
      const res = await tryLogin(proxied.app, s.users.teacher.username, TEST_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.statusCode).toBe(200);
      const cookie = setCookieOf({ headers: res.headers });
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
    } finally { await proxied.close(); }
  });
});

describe('sessions', () => {
  it('logout ends the session: the old cookie is refused', async () => {
    const s = await school();
    const c = await login(t.app, s.users.teacher.username);
    expect((await me(c)).status).toBe(200);
    const out = await c.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(setCookieOf(out)).toMatch(/houqin_sid=;|Max-Age=0|Expires=Thu, 01 Jan 1970/);
    const after = await me(c);
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('unauthenticated');
    const rows = await rowsOf(t.db, sql`SELECT 1 FROM sessions WHERE id = ${sessionIdOf(c)}`);
    expect(rows).toEqual([]);
  });

  it('ends after the idle timeout (8 h), and use keeps it alive', async () => {
    const s = await school();
    const c = await login(raw.app, s.users.teacher.username);
    // 7 hours idle: still in, and the request moves the idle clock.
    await t.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '7 hours' WHERE id = ${sessionIdOf(c)}`);
    expect((await me(c)).status).toBe(200);
    const [row] = await rowsOf<{ idle: number }>(t.db, sql`SELECT extract(epoch FROM now() - last_seen_at)::int AS idle FROM sessions WHERE id = ${sessionIdOf(c)}`);
    expect(Number(row.idle)).toBeLessThan(60);
    // 8 hours and a minute idle: out.
    await t.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '8 hours 1 minute' WHERE id = ${sessionIdOf(c)}`);
    expect((await me(c)).status).toBe(401);
    expect(await rowsOf(t.db, sql`SELECT 1 FROM sessions WHERE id = ${sessionIdOf(c)}`)).toEqual([]);
  });

  it('ends at the absolute timeout however active the person is', async () => {
    const s = await school();
    const c = await login(raw.app, s.users.teacher.username);
    const [row] = await rowsOf<{ days: number }>(t.db, sql`SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM sessions WHERE id = ${sessionIdOf(c)}`);
    expect(Number(row.days)).toBe(7);
    await t.db.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = ${sessionIdOf(c)}`);
    expect((await me(c)).status).toBe(401);
  });

  it('follows the configured timeouts', async () => {
    const short = await createTestApp({ sessionIdleMs: 2 * 60_000, sessionAbsoluteMs: 3600_000, sessionCacheMs: 0 }, { database: t.database });
    try {
      const s = await school();
      const c = await login(short.app, s.users.teacher.username);
      await t.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '90 seconds' WHERE id = ${sessionIdOf(c)}`);
      expect((await c.get('/api/v1/auth/me')).status).toBe(200);
      await t.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '3 minutes' WHERE id = ${sessionIdOf(c)}`);
      expect((await c.get('/api/v1/auth/me')).status).toBe(401);
      const res = await tryLogin(short.app, s.users.teacher.username, TEST_PASSWORD);
      expect(setCookieOf({ headers: res.headers })).toContain('Max-Age=3600');
    } finally { await short.close(); }
  });

  it('a password change needs the current password and ends the person\'s other sessions only', async () => {
    const s = await school();
    const here = await login(t.app, s.users.director.username);
    const there = await login(t.app, s.users.director.username);
    const other = await login(t.app, s.users.teacher.username);

    const wrong = await here.post('/api/v1/auth/password', { currentPassword: 'not-my-password', newPassword: 'brand-new-pass-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['currentPassword']);
    expect((await me(there)).status).toBe(200);
    const same = await here.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.status).toBe(400);
    expect(same.json.error.fields[0].path).toBe('newPassword');
    const short = await here.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.json.error.fields[0].path).toBe('newPassword');

    const ok = await here.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'brand-new-pass-1' });
    expect(ok.status).toBe(204);
    expect((await me(here)).status).toBe(200);
    expect((await me(there)).status).toBe(401);
    expect((await me(other)).status).toBe(200);
    expect((await tryLogin(t.app, s.users.director.username, TEST_PASSWORD, { remoteAddress: uniqueAddress() })).statusCode).toBe(401);
    await login(t.app, s.users.director.username, 'brand-new-pass-1');
  });

  it('an admin\'s password reset ends all of that person\'s sessions', async () => {
    const s = await school();
    const admin = await login(t.app, s.users.admin.username);
    const a1 = await login(t.app, s.users.guard.username);
    const a2 = await login(t.app, s.users.guard.username);
    const res = await admin.post(`/api/v1/users/${s.users.guard.id}/password`, { password: 'reset-by-admin-1' });
    expect(res.status).toBe(204);
    expect((await me(a1)).status).toBe(401);
    expect((await me(a2)).status).toBe(401);
    expect((await me(admin)).status).toBe(200);
    expect((await tryLogin(t.app, s.users.guard.username, TEST_PASSWORD, { remoteAddress: uniqueAddress() })).statusCode).toBe(401);
    await login(t.app, s.users.guard.username, 'reset-by-admin-1');
    // A reset password too short is refused naming the field.
    const bad = await admin.post(`/api/v1/users/${s.users.guard.id}/password`, { password: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toBe('password');
  });

  it('deactivating an account ends its sessions and keeps it out until reactivated', async () => {
    const s = await school();
    const admin = await login(t.app, s.users.admin.username);
    const victim = await login(t.app, s.users.canteen_manager.username);
    expect((await admin.post(`/api/v1/users/${s.users.canteen_manager.id}/deactivate`)).status).toBe(200);
    expect((await me(victim)).status).toBe(401);
    expect((await tryLogin(t.app, s.users.canteen_manager.username, TEST_PASSWORD, { remoteAddress: uniqueAddress() })).statusCode).toBe(401);
    expect((await admin.post(`/api/v1/users/${s.users.canteen_manager.id}/activate`)).status).toBe(200);
    await login(t.app, s.users.canteen_manager.username);
    // Nobody deactivates themselves (and locks the school out).
    const self = await admin.post(`/api/v1/users/${s.users.admin.id}/deactivate`);
    expect(self.status).toBe(409);
    expect(self.json.error.code).toBe('org.selfDeactivate');
    expect((await me(admin)).status).toBe(200);
  });
});

describe('session cache (embedded database)', () => {
  it('is on for PGlite and off for PostgreSQL', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).sessionCacheMs).toBe(30_000);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/y' } as NodeJS.ProcessEnv).sessionCacheMs).toBe(0);
  });

  it('answers from memory within its time, then reads the session again', async () => {
    const cached = await createTestApp({ sessionCacheMs: 300 }, { database: t.database });
    try {
      const s = await school();
      const c = await login(cached.app, s.users.teacher.username);
      expect((await c.get('/api/v1/auth/me')).status).toBe(200);
      // Removed behind the cache's back (no process does this on PGlite): still served from memory …
      await t.db.execute(sql`DELETE FROM sessions WHERE id = ${sessionIdOf(c)}`);
      expect((await c.get('/api/v1/auth/me')).status).toBe(200);
      // … until the entry's time is up.
      await new Promise((r) => setTimeout(r, 350));
      expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    } finally { await cached.close(); }
  });

  it('sees role changes, renames, deactivation and school settings at the next request', async () => {
    const s = await school();
    const admin = await login(t.app, s.users.admin.username);
    const c = await login(t.app, s.users.teacher.username);
    expect((await me(c)).json.roles).toEqual(['teacher']);
    const user = (await admin.get(`/api/v1/users/${s.users.teacher.id}`)).json;
    expect((await admin.patch(`/api/v1/users/${s.users.teacher.id}`, { roles: ['teacher', 'head_teacher'], name: '改了名的老师', version: user.version })).status).toBe(200);
    expect((await me(c)).json).toMatchObject({ roles: ['head_teacher', 'teacher'], name: '改了名的老师' });
    const school1 = (await admin.get(`/api/v1/schools/${s.schoolId}`)).json;
    expect((await admin.patch(`/api/v1/schools/${s.schoolId}`, { name: `${s.code} 改名学校`, version: school1.version })).status).toBe(200);
    expect((await me(c)).json.schoolName).toBe(`${s.code} 改名学校`);
    expect((await admin.post(`/api/v1/users/${s.users.teacher.id}/deactivate`)).status).toBe(200);
    expect((await me(c)).status).toBe(401);
  });
});

describe('cross-site requests and GET', () => {
  let s: TestSchool;
  let admin: TestClient;
  beforeAll(async () => { s = await school(); admin = await login(t.app, s.users.admin.username); });

  it('refuses a state change from another site and writes nothing', async () => {
    const before = await auditCount(s.schoolId);
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
    ];
    for (const headers of attempts) {
      const res = await admin.post('/api/v1/departments', { name: '钓鱼处' }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json.error.code).toBe('crossSite');
    }
    const dept = await admin.post('/api/v1/departments', { name: '正常处' });
    const patch = await admin.patch(`/api/v1/departments/${dept.json.id}`, { name: '被钓鱼' }, { origin: 'https://evil.example' });
    expect(patch.status).toBe(403);
    const deactivate = await admin.post(`/api/v1/departments/${dept.json.id}/deactivate`, {}, { 'sec-fetch-site': 'cross-site' });
    expect(deactivate.status).toBe(403);
    const pw = await admin.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'stolen-pass-123' }, { origin: 'https://evil.example' });
    expect(pw.status).toBe(403);
    const loginCsrf = await tryLogin(t.app, s.users.teacher.username, TEST_PASSWORD, { headers: { origin: 'https://evil.example' } });
    expect(loginCsrf.statusCode).toBe(403);
    expect((await admin.get('/api/v1/departments?q=钓鱼')).json.items).toEqual([]);
    expect((await admin.get(`/api/v1/departments/${dept.json.id}`)).json).toMatchObject({ name: '正常处', active: true, version: 1 });
    expect(await auditCount(s.schoolId)).toBe(before + 1);
    expect((await me(admin)).status).toBe(200);
  });

  it('accepts the same requests from this site', async () => {
    const sameOrigin = await admin.post('/api/v1/departments', { name: '同源处' }, { 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(201);
    const byOrigin = await admin.post('/api/v1/departments', { name: '同站处' }, { host: 'houqin.school.example', origin: 'https://houqin.school.example' });
    expect(byOrigin.status).toBe(201);
    // A cross-site GET is a read: allowed (links from elsewhere still open pages).
    expect((await admin.get('/api/v1/departments', { 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });

  it('GET never changes state', async () => {
    const dept = await admin.post('/api/v1/departments', { name: '只读处' });
    const student = await login(t.app, s.users.teacher.username);
    const before = await auditCount(s.schoolId);
    // Action URLs do not answer GET.
    for (const url of [`/api/v1/departments/${dept.json.id}/deactivate`, `/api/v1/users/${s.users.teacher.id}/password`, '/api/v1/auth/logout', '/api/v1/auth/password']) {
      expect((await admin.get(url)).status, url).toBe(404);
    }
    // Every documented GET, called with a real id, leaves the records, the log and the sessions as they were.
    const doc = (await admin.get('/api/openapi.json')).json;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if (!path.startsWith('/api/v1') || !ops.get) continue;
      const res = await admin.get(path.replace('{id}', String(dept.json.id)));
      expect(res.status, path).toBeLessThan(500);
    }
    expect(await auditCount(s.schoolId)).toBe(before);
    expect((await admin.get(`/api/v1/departments/${dept.json.id}`)).json).toMatchObject({ active: true, version: 1 });
    expect((await me(student)).status).toBe(200);
    expect((await me(admin)).status).toBe(200);
  });
});
