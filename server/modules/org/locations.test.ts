import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool, type TestClient } from '../../test/harness';

/* Locations are a tree (SPEC §3): moves re-root whole subtrees, cycles are refused. */

let t: TestApp;
let s: TestSchool;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestSchool(t.db);
  admin = await login(t.app, s.users.admin.username);
});
afterAll(async () => t.close());

async function place(code: string, parentId: number | null = null, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/locations', { code, name: `场所${code}`, type: 'other', parentId, campusId: s.campusId, ...extra });
  expect(res.status, res.body).toBe(201);
  return res.json as { id: number; depth: number; campusId: number; parentId: number | null; version: number };
}
const under = async (id: number) => (await admin.get(`/api/v1/locations?under=${id}&limit=200`)).json.items.map((l: { code: string }) => l.code).sort();
const get = async (id: number) => (await admin.get(`/api/v1/locations/${id}`)).json;

describe('the locations tree', () => {
  it('keeps depth and finds a whole subtree with `under`', async () => {
    const a = await place('T-A');
    const b = await place('T-B', a.id);
    const c = await place('T-C', b.id);
    expect([a.depth, b.depth, c.depth]).toEqual([0, 1, 2]);
    expect(c.parentId).toBe(b.id);
    expect(await under(a.id)).toEqual(['T-A', 'T-B', 'T-C']);
    expect(await under(b.id)).toEqual(['T-B', 'T-C']);
    expect(await under(c.id)).toEqual(['T-C']);
    // Direct children only with parentId.
    expect((await admin.get(`/api/v1/locations?parentId=${a.id}`)).json.items.map((l: { code: string }) => l.code)).toEqual(['T-B']);
  });

  it('moving a location under another re-roots its subtree', async () => {
    const a = await place('M-A');
    const b = await place('M-B', a.id);
    const c = await place('M-C', b.id);
    const d = await place('M-D');
    const moved = await admin.patch(`/api/v1/locations/${b.id}`, { parentId: d.id });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json).toMatchObject({ parentId: d.id, depth: 1 });
    expect(await under(d.id)).toEqual(['M-B', 'M-C', 'M-D']);
    expect(await under(a.id)).toEqual(['M-A']);
    // Deeper: D goes under A, so C is now three levels down.
    expect((await admin.patch(`/api/v1/locations/${d.id}`, { parentId: a.id })).status).toBe(200);
    expect((await get(c.id)).depth).toBe(3);
    expect(await under(a.id)).toEqual(['M-A', 'M-B', 'M-C', 'M-D']);
    // And back to the top level.
    expect((await admin.patch(`/api/v1/locations/${b.id}`, { parentId: null })).status).toBe(200);
    expect((await get(b.id)).depth).toBe(0);
    expect((await get(c.id)).depth).toBe(1);
    expect(await under(a.id)).toEqual(['M-A', 'M-D']);
    expect(await under(b.id)).toEqual(['M-B', 'M-C']);
    // Editing something else leaves the place in the tree alone.
    expect((await admin.patch(`/api/v1/locations/${c.id}`, { name: '改名' })).json).toMatchObject({ parentId: b.id, depth: 1 });
    expect(await under(b.id)).toEqual(['M-B', 'M-C']);
  });

  it('a subtree moved under a place of another campus moves to that campus', async () => {
    const campus2 = await admin.post('/api/v1/campuses', { code: 'EAST', name: '东校区' });
    expect(campus2.status).toBe(201);
    const east = await place('E-ROOT', null, { campusId: campus2.json.id });
    expect(east.campusId).toBe(campus2.json.id);
    const a = await place('E-A');
    const b = await place('E-B', a.id);
    expect(a.campusId).toBe(s.campusId);
    expect((await admin.patch(`/api/v1/locations/${a.id}`, { parentId: east.id })).status).toBe(200);
    expect((await get(a.id)).campusId).toBe(campus2.json.id);
    expect((await get(b.id)).campusId).toBe(campus2.json.id);
    expect((await admin.get(`/api/v1/locations?campusId=${campus2.json.id}`)).json.items.map((l: { code: string }) => l.code).sort()).toEqual(['E-A', 'E-B', 'E-ROOT']);
  });

  it('refuses to put a location under itself or under its own descendant', async () => {
    const a = await place('C-A');
    const b = await place('C-B', a.id);
    const c = await place('C-C', b.id);
    for (const parentId of [c.id, b.id, a.id]) {
      const res = await admin.patch(`/api/v1/locations/${a.id}`, { parentId });
      expect(res.status, `parent ${parentId}`).toBe(400);
      expect(res.json.error.fields).toEqual([{ path: 'parentId', message: '上级场所不能是它自己或它的下级' }]);
    }
    const en = await admin.patch(`/api/v1/locations/${b.id}`, { parentId: c.id }, { 'accept-language': 'en-US' });
    expect(en.json.error.fields[0].path).toBe('parentId');
    expect(en.json.error.fields[0].message).toMatch(/[A-Za-z]/);
    // Nothing moved.
    expect(await under(a.id)).toEqual(['C-A', 'C-B', 'C-C']);
    expect((await get(a.id))).toMatchObject({ parentId: null, depth: 0, version: 1 });
    // A parent that does not exist is named too.
    const missing = await admin.patch(`/api/v1/locations/${a.id}`, { parentId: 2147480000 });
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields[0].path).toBe('parentId');
  });

  it('refuses to deactivate a location with active children (409) until they are deactivated', async () => {
    const a = await place('D-A');
    const b = await place('D-B', a.id);
    const c = await place('D-C', b.id);
    const res = await admin.post(`/api/v1/locations/${a.id}/deactivate`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('org.hasChildren');
    expect((await admin.post(`/api/v1/locations/${b.id}/deactivate`)).status).toBe(409);
    expect((await admin.post(`/api/v1/locations/${c.id}/deactivate`)).status).toBe(200);
    expect((await admin.post(`/api/v1/locations/${b.id}/deactivate`)).status).toBe(200);
    expect((await admin.post(`/api/v1/locations/${a.id}/deactivate`)).status).toBe(200);
    expect(await under(a.id)).toEqual([]);
    expect((await admin.get(`/api/v1/locations?under=${a.id}&active=false`)).json.items.length).toBe(3);
  });
});
