import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool, type TestClient, type Reply } from '../test/harness';
import { verifyChain } from './audit';

/* A double click or two people at once: one wins, the other gets 409, never a double effect.
 * On PGlite requests serialise; on PostgreSQL they really overlap. The outcomes must be the same. */

let t: TestApp;
let s: TestSchool;
let admin: TestClient;
let director: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestSchool(t.db);
  admin = await login(t.app, s.users.admin.username);
  director = await login(t.app, s.users.director.username);
});
afterAll(async () => t.close());

const statuses = (rs: Reply[]) => rs.map((r) => r.status).sort();

describe('lost updates', () => {
  it('two edits of the same version: one is saved, the other gets 409', async () => {
    const b = (await admin.post('/api/v1/buildings', { campusId: s.campusId, code: 'B1', name: '教学楼' })).json;
    const rs = await Promise.all([
      admin.patch(`/api/v1/buildings/${b.id}`, { name: '甲改的', version: b.version }),
      director.patch(`/api/v1/buildings/${b.id}`, { name: '乙改的', version: b.version }),
    ]);
    expect(statuses(rs)).toEqual([200, 409]);
    const loser = rs.find((r) => r.status === 409)!;
    expect(loser.json.error.code).toBe('conflict');
    const winner = rs.find((r) => r.status === 200)!;
    const now = (await admin.get(`/api/v1/buildings/${b.id}`)).json;
    expect(now).toMatchObject({ name: winner.json.name, version: 2 });
    const history = (await admin.get(`/api/v1/buildings/${b.id}/history`)).json.items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    // A later edit from the stale screen is refused too; a fresh one goes through.
    expect((await director.patch(`/api/v1/buildings/${b.id}`, { name: '旧页面', version: 1 })).status).toBe(409);
    expect((await director.patch(`/api/v1/buildings/${b.id}`, { name: '新页面', version: 2 })).json.version).toBe(3);
  });

  it('deactivating twice: the second gets 409 and nothing more is recorded', async () => {
    const d = (await admin.post('/api/v1/departments', { name: '双击处' })).json;
    const rs = await Promise.all([admin.post(`/api/v1/departments/${d.id}/deactivate`), director.post(`/api/v1/departments/${d.id}/deactivate`)]);
    expect(statuses(rs)).toEqual([200, 409]);
    expect(rs.find((r) => r.status === 409)!.json.error.code).toBe('stateConflict');
    expect((await admin.post(`/api/v1/departments/${d.id}/deactivate`)).status).toBe(409);
    const history = (await admin.get(`/api/v1/departments/${d.id}/history`)).json.items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['deactivate', 'create']);
    expect((await admin.get(`/api/v1/departments/${d.id}`)).json).toMatchObject({ active: false, version: 2 });
  });

  it('two creates with the same unique key at once: one 201, one 409 naming the field', async () => {
    // The director keeps places and classes; only an admin creates accounts (a second admin session).
    const admin2 = await login(t.app, s.users.admin.username);
    const cases: [string, Record<string, unknown>, TestClient, string, string][] = [
      ['/api/v1/locations', { code: 'SAME-1', name: '同码', type: 'office' }, director, 'code', 'org.codeTaken'],
      ['/api/v1/departments', { name: '同名处' }, director, 'name', 'org.nameTaken'],
      ['/api/v1/classes', { grade: 9, name: '同班' }, director, 'name', 'org.classTaken'],
      ['/api/v1/users', { username: `${s.code}-twin`, name: '双胞胎', password: 'twin-pass-123' }, admin2, 'username', 'org.usernameTaken'],
    ];
    for (const [url, body, second, field, code] of cases) {
      const results = await Promise.all([admin.post(url, body), second.post(url, body)]);
      expect(statuses(results), url).toEqual([201, 409]);
      const refused = results.find((r) => r.status === 409)!;
      expect(refused.json.error.code, url).toBe(code);
      expect(refused.json.error.fields.map((f: { path: string }) => f.path), url).toEqual([field]);
    }
    expect((await admin.get('/api/v1/locations?q=SAME-1')).json.items.length).toBe(1);
    expect((await admin.get(`/api/v1/users?q=${s.code}-twin`)).json.items.length).toBe(1);
  });

  it('two students with the same number at once: one stored', async () => {
    const cls = (await admin.post('/api/v1/classes', { grade: 7, name: '并发班' })).json;
    const body = { studentNo: 'DUP001', name: '同号', classId: cls.id };
    const rs = await Promise.all([admin.post('/api/v1/students', body), director.post('/api/v1/students', body)]);
    expect(statuses(rs)).toEqual([201, 409]);
    expect(rs.find((r) => r.status === 409)!.json.error.fields[0].path).toBe('studentNo');
    expect((await admin.get(`/api/v1/students?classId=${cls.id}`)).json.items.length).toBe(1);
  });

  it('many writers at once keep one unbroken audit chain', async () => {
    const other = await createTestSchool(t.db);
    const a = await login(t.app, other.users.admin.username);
    const d = await login(t.app, other.users.director.username);
    const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : d).post('/api/v1/departments', { name: `并发处${i}` })));
    expect(rs.every((r) => r.status === 201)).toBe(true);
    const edits = await Promise.all(rs.map((r, i) => (i % 2 ? d : a).patch(`/api/v1/departments/${r.json.id}`, { phone: `0851-00${i}`, version: 1 })));
    expect(edits.every((r) => r.status === 200)).toBe(true);
    expect(await verifyChain(t.db, other.schoolId)).toEqual({ schoolId: other.schoolId, entries: 24, ok: true });
  });
});
