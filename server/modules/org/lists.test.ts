import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool, type TestClient } from '../../test/harness';
import { locations } from './org.tables';

/* Lists: keyset pages with no duplicates or gaps, filters, and deactivated rows on request. */

let t: TestApp;
let s: TestSchool;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestSchool(t.db);
  admin = await login(t.app, s.users.admin.username);
});
afterAll(async () => t.close());

type Item = { id: number } & Record<string, unknown>;

/** Follows nextCursor to the end; fails on a runaway loop. */
async function walk(url: string, limit: number, from: string | null = null): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | null = from;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await admin.get(`${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, res.body).toBe(200);
    expect(res.json.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
    if (++pages > 20) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}

describe('keyset pagination', () => {
  let ids: number[];
  beforeAll(async () => {
    // 130 places, names repeating so that ties are broken by id; Chinese and Latin mixed.
    const names = ['教室', '办公室', 'Lab', '仓库', 'Zeta', '阿', '食堂'];
    const rows = Array.from({ length: 130 }, (_, i) => ({
      schoolId: s.schoolId, campusId: s.campusId, code: `P${String((i * 37) % 130).padStart(3, '0')}`,
      name: `${names[i % names.length]}${i % 11}`, type: i % 3 === 0 ? 'classroom' : 'office', path: '/', depth: 0,
    }));
    ids = (await t.db.insert(locations).values(rows).returning({ id: locations.id })).map((r) => r.id);
  });

  for (const sort of ['name', '-name', 'code', '-code', 'createdAt', '-createdAt', 'id', '-id', 'type']) {
    it(`walks 130 locations by ${sort}, 50 a page, with no duplicates or gaps in the database's order`, async () => {
      const { items, pages } = await walk(`/api/v1/locations?sort=${sort}`, 50);
      expect(pages).toBe(3);
      const got = items.map((x) => x.id);
      expect(new Set(got).size).toBe(130);
      expect([...got].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      // One page of 200 is the reference order.
      const all = (await admin.get(`/api/v1/locations?sort=${sort}&limit=200`)).json.items.map((x: Item) => x.id);
      expect(got).toEqual(all);
    });
  }

  it('the two directions are mirror images', async () => {
    const up = (await walk('/api/v1/locations?sort=name', 50)).items.map((x) => x.id);
    const down = (await walk('/api/v1/locations?sort=-name', 50)).items.map((x) => x.id);
    expect(down).toEqual([...up].reverse());
  });

  it('pages keep their place when rows are added before the cursor', async () => {
    const first = await admin.get('/api/v1/locations?sort=code&limit=50');
    const seen = new Set(first.json.items.map((x: Item) => x.id));
    await admin.post('/api/v1/locations', { code: 'A000', name: '新加的', type: 'other' });
    const rest = await walk('/api/v1/locations?sort=code', 50, first.json.nextCursor);
    for (const x of rest.items) expect(seen.has(x.id)).toBe(false);
    expect(seen.size + rest.items.length).toBe(130);
    await admin.post(`/api/v1/locations/${(await admin.get('/api/v1/locations?q=A000')).json.items[0].id}/deactivate`);
  });

  it('refuses an unknown sort and a forged cursor with 400 naming the parameter', async () => {
    const sort = await admin.get('/api/v1/locations?sort=password');
    expect(sort.status).toBe(400);
    expect(sort.json.error).toMatchObject({ code: 'badSort', fields: [{ path: 'sort' }] });
    for (const cursor of ['not-a-cursor', Buffer.from('[1]').toString('base64url'), Buffer.from('["x","y"]').toString('base64url')]) {
      const res = await admin.get(`/api/v1/locations?sort=name&cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.json.error.code).toBe('badCursor');
    }
    expect((await admin.get('/api/v1/locations?limit=0')).status).toBe(400);
    expect((await admin.get('/api/v1/locations?limit=201')).status).toBe(400);
  });
});

describe('filters', () => {
  let sf: TestSchool;
  let a: TestClient;
  beforeAll(async () => {
    sf = await createTestSchool(t.db);
    a = await login(t.app, sf.users.admin.username);
  });
  const codes = async (url: string) => (await a.get(url)).json.items.map((x: { code: string }) => x.code).sort();

  it('locations by subtree, type, building and words', async () => {
    const b = (await a.post('/api/v1/buildings', { campusId: sf.campusId, code: 'SS', name: '宿舍楼', kind: 'dorm' })).json;
    const floor = (await a.post('/api/v1/locations', { code: 'SS-1', name: '一楼', type: 'other', buildingId: b.id })).json;
    await a.post('/api/v1/locations', { code: 'SS-101', name: '101宿舍', type: 'dorm', buildingId: b.id, parentId: floor.id });
    await a.post('/api/v1/locations', { code: 'SS-102', name: '102宿舍', type: 'dorm', buildingId: b.id, parentId: floor.id });
    await a.post('/api/v1/locations', { code: 'JX-101', name: '教室101', type: 'classroom' });
    expect(await codes(`/api/v1/locations?under=${floor.id}`)).toEqual(['SS-1', 'SS-101', 'SS-102']);
    expect(await codes('/api/v1/locations?type=dorm')).toEqual(['SS-101', 'SS-102']);
    expect(await codes(`/api/v1/locations?under=${floor.id}&type=dorm`)).toEqual(['SS-101', 'SS-102']);
    expect(await codes(`/api/v1/locations?buildingId=${b.id}`)).toEqual(['SS-1', 'SS-101', 'SS-102']);
    expect(await codes('/api/v1/locations?q=101')).toEqual(['JX-101', 'SS-101']);
    // A search term is text, not a pattern.
    expect(await codes('/api/v1/locations?q=%25')).toEqual([]);
    expect((await a.get('/api/v1/locations?type=castle')).status).toBe(400);
  });

  it('students by class and boarding; users by role; classes by grade', async () => {
    const c1 = (await a.post('/api/v1/classes', { grade: 7, name: '1班', boarding: 'mixed' })).json;
    const c2 = (await a.post('/api/v1/classes', { grade: 8, name: '1班' })).json;
    const mk = (no: string, classId: number, boarder: boolean) => a.post('/api/v1/students', { studentNo: no, name: `学生${no}`, classId, boarder });
    for (const [no, cls, boarder] of [['S1', c1.id, true], ['S2', c1.id, false], ['S3', c1.id, true], ['S4', c2.id, false]] as const) expect((await mk(no, cls, boarder)).status).toBe(201);
    const nos = async (q: string) => (await a.get(`/api/v1/students?${q}`)).json.items.map((x: { studentNo: string }) => x.studentNo).sort();
    expect(await nos(`classId=${c1.id}`)).toEqual(['S1', 'S2', 'S3']);
    expect(await nos('boarder=true')).toEqual(['S1', 'S3']);
    expect(await nos(`boarder=false&classId=${c1.id}`)).toEqual(['S2']);
    expect(await nos('grade=8')).toEqual(['S4']);
    expect((await a.get('/api/v1/students?boarder=maybe')).status).toBe(400);
    const classes = (await a.get('/api/v1/classes?grade=7')).json.items;
    expect(classes.map((x: { id: number }) => x.id)).toEqual([c1.id]);
    expect(classes[0].studentCount).toBe(3);
    const users = (await a.get('/api/v1/users?role=guard')).json.items;
    expect(users.map((u: { id: number }) => u.id)).toEqual([sf.users.guard.id]);
    expect((await a.get('/api/v1/users?role=head_teacher')).json.items.map((u: { username: string }) => u.username)).toEqual([sf.users.head_teacher.username]);
    expect((await a.get('/api/v1/users?role=wizard')).status).toBe(400);
  });

  it('deactivated rows leave the list and come back with active=false', async () => {
    const d1 = (await a.post('/api/v1/departments', { name: '在用处' })).json;
    const d2 = (await a.post('/api/v1/departments', { name: '撤销处' })).json;
    expect((await a.post(`/api/v1/departments/${d2.id}/deactivate`)).status).toBe(200);
    const names = async (q: string) => (await a.get(`/api/v1/departments${q}`)).json.items.map((x: { name: string }) => x.name);
    expect(await names('')).toEqual(['在用处']);
    expect(await names('?active=false')).toEqual(['撤销处']);
    expect(await names('?active=true')).toEqual(['在用处']);
    // Still readable by id, marked inactive; and it comes back.
    expect((await a.get(`/api/v1/departments/${d2.id}`)).json.active).toBe(false);
    expect((await a.post(`/api/v1/departments/${d2.id}/activate`)).status).toBe(200);
    expect((await names('')).sort()).toEqual(['在用处', '撤销处'].sort());
    expect(d1.id).toBeLessThan(d2.id);
    const u = await a.post(`/api/v1/users/${sf.users.teacher.id}/deactivate`);
    expect(u.status).toBe(200);
    expect((await a.get('/api/v1/users?active=false')).json.items.map((x: { id: number }) => x.id)).toEqual([sf.users.teacher.id]);
    expect((await a.get('/api/v1/users')).json.items.map((x: { id: number }) => x.id)).not.toContain(sf.users.teacher.id);
  });
});
