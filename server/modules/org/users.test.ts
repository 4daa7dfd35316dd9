import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool, type TestClient } from '../../test/harness';
import { rowsOf, type Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { checkGrant, userService } from './users';

let t: TestApp;
let s: TestSchool;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestSchool(t.db);
  admin = await login(t.app, s.users.admin.username);
});
afterAll(async () => t.close());

const rolesIn = async (userId: number) => (await rowsOf<{ role: string }>(t.db, sql`SELECT role FROM user_roles WHERE school_id = ${s.schoolId} AND user_id = ${userId} ORDER BY role`)).map((r) => r.role);

describe('accounts and roles', () => {
  it('an admin creates an account with roles, and the person logs in holding them', async () => {
    const res = await admin.post('/api/v1/users', { username: `${s.code}-wang`, name: '王会计', password: 'first-pass-123', roles: ['accountant', 'teacher'], phone: '13900001111' });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ username: `${s.code}-wang`, roles: ['accountant', 'teacher'], schoolId: s.schoolId, active: true });
    expect(res.json).not.toHaveProperty('passwordHash');
    const wang = await login(t.app, `${s.code}-wang`, 'first-pass-123');
    const me = await wang.get('/api/v1/auth/me');
    expect(me.json.roles).toEqual(['accountant', 'teacher']);
    expect(me.json.actions).toContain('auth.self');
    expect(me.json.actions).not.toContain('org.staff.write');
    // The list filters by role.
    const accountants = await admin.get('/api/v1/users?role=accountant');
    expect(accountants.json.items.map((u: { id: number }) => u.id).sort()).toEqual([s.users.accountant.id, res.json.id].sort());
    // Usernames are unique across the installation, whatever the case.
    const again = await admin.post('/api/v1/users', { username: `${s.code}-WANG`, name: '另一个王', password: 'first-pass-123' });
    expect(again.status).toBe(409);
    expect(again.json.error.fields[0].path).toBe('username');
  });

  it('an admin changes another person\'s roles, and the change is logged', async () => {
    const res = await admin.patch(`/api/v1/users/${s.users.teacher.id}`, { roles: ['teacher', 'head_teacher'] });
    expect(res.status, res.body).toBe(200);
    expect(res.json.roles).toEqual(['head_teacher', 'teacher']);
    expect(await rolesIn(s.users.teacher.id)).toEqual(['head_teacher', 'teacher']);
    const log = await admin.get(`/api/v1/audit?entity=user&entityId=${s.users.teacher.id}&action=roles`);
    expect(log.json.items[0]).toMatchObject({ actorId: s.users.admin.id, before: { roles: ['teacher'] }, after: { roles: ['head_teacher', 'teacher'] } });
  });

  it('nobody changes their own roles', async () => {
    const res = await admin.patch(`/api/v1/users/${s.users.admin.id}`, { roles: ['admin', 'principal'] });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('org.ownRoles');
    const drop = await admin.patch(`/api/v1/users/${s.users.admin.id}`, { roles: [] });
    expect(drop.status).toBe(403);
    expect(await rolesIn(s.users.admin.id)).toEqual(['admin']);
    // Their own name is fine, and sending the same roles is no change.
    const name = await admin.patch(`/api/v1/users/${s.users.admin.id}`, { name: '新名字', roles: ['admin'] });
    expect(name.status, name.body).toBe(200);
    expect(name.json).toMatchObject({ name: '新名字', roles: ['admin'] });
  });

  it('nobody grants the inspector role inside a school', async () => {
    const created = await admin.post('/api/v1/users', { username: `${s.code}-fake-insp`, name: '假督导', password: 'first-pass-123', roles: ['inspector'] });
    expect(created.status).toBe(403);
    expect(created.json.error.code).toBe('org.inspectorRole');
    expect(created.json.error.fields[0].path).toBe('roles');
    expect((await admin.get(`/api/v1/users?q=${s.code}-fake-insp`)).json.items).toEqual([]);
    const patched = await admin.patch(`/api/v1/users/${s.users.guard.id}`, { roles: ['guard', 'inspector'] });
    expect(patched.status).toBe(403);
    expect(await rolesIn(s.users.guard.id)).toEqual(['guard']);
  });

  it('a teacher cannot create accounts, nor can any non-admin', async () => {
    for (const role of ['teacher', 'director', 'principal'] as const) {
      const c = await login(t.app, s.users[role].username);
      const res = await c.post('/api/v1/users', { username: `${s.code}-by-${role}`, name: '越权', password: 'first-pass-123', roles: ['teacher'] });
      expect(res.status, role).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
      const grant = await c.patch(`/api/v1/users/${s.users.teacher.id}`, { roles: ['admin'] });
      expect(grant.status).toBe(403);
    }
    expect((await admin.get(`/api/v1/users?q=${s.code}-by-`)).json.items).toEqual([]);
  });

  it('someone who is not an admin can grant only roles they hold themselves', async () => {
    // No route lets a non-admin manage accounts today; the service still holds the rule for modules that will.
    const director = { schoolId: s.schoolId, userId: s.users.director.id, name: 'director', ip: null, roles: ['director'] };
    expect(() => checkGrant(director, s.users.teacher.id, ['teacher'], ['teacher', 'accountant'])).toThrow(AppError);
    try { checkGrant(director, s.users.teacher.id, ['teacher'], ['teacher', 'accountant']); } catch (e) {
      expect(e).toMatchObject({ code: 'org.grantNotHeld', status: 403, details: { params: { role: 'accountant' } } });
    }
    expect(() => checkGrant(director, s.users.teacher.id, ['teacher'], ['teacher', 'director'])).not.toThrow();
    expect(() => checkGrant(director, s.users.teacher.id, ['teacher', 'admin'], ['teacher'])).toThrow(/grantNotHeld/);
    // Through the service on the real database: refused and nothing stored.
    await expect(t.db.transaction((tx) => userService.update(tx as unknown as Db, director, s.users.storekeeper.id, { roles: ['storekeeper', 'accountant'] }))).rejects.toMatchObject({ code: 'org.grantNotHeld' });
    expect(await rolesIn(s.users.storekeeper.id)).toEqual(['storekeeper']);
    await t.db.transaction((tx) => userService.update(tx as unknown as Db, director, s.users.storekeeper.id, { roles: ['storekeeper', 'director'] }));
    expect(await rolesIn(s.users.storekeeper.id)).toEqual(['director', 'storekeeper']);
  });

  it('an account with a role change takes effect at the person\'s next request', async () => {
    const guard = await login(t.app, s.users.guard.username);
    expect((await guard.get('/api/v1/students')).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${s.users.guard.id}`, { roles: ['teacher'] })).status).toBe(200);
    expect((await guard.get('/api/v1/students')).status).toBe(403);
  });
});
