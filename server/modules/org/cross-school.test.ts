import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool, type TestClient, type Reply } from '../../test/harness';

/* Schools apart (issue #2 §5): another school's row is "not found", exactly like a missing one. */

let t: TestApp;
let a: TestSchool;
let b: TestSchool;
let c: TestSchool;
let adminA: TestClient;
let adminB: TestClient;
let inspector: TestClient;
/** Rows of school B, by resource path. */
const bRows: Record<string, { id: number; patch: Record<string, unknown> }> = {};
const aRows: Record<string, number> = {};

function expectFieldError(res: Reply, status: number, path: string) {
  expect(res.status, res.body).toBe(status);
  expect(res.json.error.fields?.map((f: { path: string }) => f.path)).toContain(path);
}

async function seedSchool(admin: TestClient, s: TestSchool, out: (path: string, id: number) => void) {
  const building = await admin.post('/api/v1/buildings', { campusId: s.campusId, code: 'JX', name: '教学楼' });
  expect(building.status, building.body).toBe(201);
  const location = await admin.post('/api/v1/locations', { buildingId: building.json.id, code: 'JX-101', name: '101教室', type: 'classroom' });
  expect(location.status, location.body).toBe(201);
  const department = await admin.post('/api/v1/departments', { name: '总务处' });
  const cls = await admin.post('/api/v1/classes', { grade: 7, name: '1班', headTeacherId: s.users.head_teacher.id, classroomId: location.json.id });
  expect(cls.status, cls.body).toBe(201);
  const student = await admin.post('/api/v1/students', { studentNo: `S${s.code}`, name: '张小明', classId: cls.json.id });
  expect(student.status, student.body).toBe(201);
  const user = await admin.post('/api/v1/users', { username: `${s.code}-new`, name: '李老师', password: 'initial-pass-1', roles: ['teacher'] });
  expect(user.status, user.body).toBe(201);
  out('campuses', s.campusId);
  out('buildings', building.json.id);
  out('locations', location.json.id);
  out('departments', department.json.id);
  out('classes', cls.json.id);
  out('students', student.json.id);
  out('users', user.json.id);
}

const patches: Record<string, Record<string, unknown>> = {
  campuses: { name: '被改的校区' }, buildings: { name: '被改的楼' }, locations: { name: '被改的场所' },
  departments: { name: '被改的部门' }, classes: { name: '9班' }, students: { name: '被改的学生' }, users: { name: '被改的人' },
};

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestSchool(t.db);
  b = await createTestSchool(t.db, { districtId: a.districtId, bureauId: a.bureauId });
  c = await createTestSchool(t.db);
  adminA = await login(t.app, a.users.admin.username);
  adminB = await login(t.app, b.users.admin.username);
  inspector = await login(t.app, a.users.inspector.username);
  await seedSchool(adminB, b, (path, id) => { bRows[path] = { id, patch: patches[path] }; });
  await seedSchool(adminA, a, (path, id) => { aRows[path] = id; });
});
afterAll(async () => t.close());

describe('another school\'s rows are not found', () => {
  it('GET, PATCH, deactivate, activate and history of every resource kind answer 404 like a missing row', async () => {
    for (const [path, row] of Object.entries(bRows)) {
      const missing = await adminA.get(`/api/v1/${path}/2147480001`);
      expect(missing.status).toBe(404);
      const attempts: Reply[] = [
        await adminA.get(`/api/v1/${path}/${row.id}`),
        await adminA.patch(`/api/v1/${path}/${row.id}`, row.patch),
        await adminA.post(`/api/v1/${path}/${row.id}/deactivate`),
        await adminA.post(`/api/v1/${path}/${row.id}/activate`),
        await adminA.get(`/api/v1/${path}/${row.id}/history`),
      ];
      for (const res of attempts) {
        expect(res.status, `${path}: ${res.body}`).toBe(404);
        expect(res.json).toEqual(missing.json);
      }
      // School B still sees its row untouched.
      const own = await adminB.get(`/api/v1/${path}/${row.id}`);
      expect(own.status).toBe(200);
      expect(own.json).toMatchObject({ schoolId: b.schoolId, version: 1, active: true });
      expect(own.json.name).not.toMatch(/被改/);
      // And A's list never shows it, nor may A narrow a list to school B.
      const list = await adminA.get(`/api/v1/${path}?limit=200`);
      expect(list.json.items.map((x: { id: number }) => x.id)).not.toContain(row.id);
      expect(list.json.items.every((x: { schoolId: number }) => x.schoolId === a.schoolId)).toBe(true);
      expect((await adminA.get(`/api/v1/${path}?schoolId=${b.schoolId}`)).status).toBe(404);
    }
  });

  it('a password reset of another school\'s account is 404 and changes nothing', async () => {
    const res = await adminA.post(`/api/v1/users/${bRows.users.id}/password`, { password: 'hijacked-123' });
    expect(res.status).toBe(404);
    await login(t.app, `${b.code}-new`, 'initial-pass-1');
  });

  it('another school, and its figures and audit trail, are not found either', async () => {
    expect((await adminA.get(`/api/v1/schools/${b.schoolId}`)).status).toBe(404);
    expect((await adminA.patch(`/api/v1/schools/${b.schoolId}`, { name: '改名' })).status).toBe(404);
    expect((await adminA.get(`/api/v1/schools/${a.schoolId}`)).status).toBe(200);
    expect((await adminA.get('/api/v1/schools')).json.items.map((x: { id: number }) => x.id)).toEqual([a.schoolId]);
    expect((await adminA.get(`/api/v1/org/summary?schoolId=${b.schoolId}`)).status).toBe(404);
    const trail = await adminA.get(`/api/v1/audit?entity=class&entityId=${bRows.classes.id}`);
    expect(trail.status).toBe(200);
    expect(trail.json.items).toEqual([]);
    expect((await adminB.get(`/api/v1/schools/${b.schoolId}`)).json).toMatchObject({ name: `测试学校${b.code}`, version: 1 });
  });
});

describe('a body never moves a row to another school', () => {
  it('schoolId / school_id in a create body are ignored', async () => {
    const res = await adminA.post('/api/v1/departments', { name: '搬家处', schoolId: b.schoolId, school_id: b.schoolId });
    expect(res.status, res.body).toBe(201);
    expect(res.json.schoolId).toBe(a.schoolId);
    expect((await adminB.get(`/api/v1/departments/${res.json.id}`)).status).toBe(404);
    expect((await adminA.get(`/api/v1/departments/${res.json.id}`)).status).toBe(200);
  });

  it('schoolId, school_id and id in an update body are ignored', async () => {
    const res = await adminA.patch(`/api/v1/departments/${aRows.departments}`, { name: '后勤处', schoolId: b.schoolId, school_id: b.schoolId, id: bRows.departments.id });
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ id: aRows.departments, schoolId: a.schoolId, name: '后勤处' });
    const theirs = await adminB.get(`/api/v1/departments/${bRows.departments.id}`);
    expect(theirs.json).toMatchObject({ name: '总务处', version: 1 });
    const school = await adminA.patch(`/api/v1/schools/${a.schoolId}`, { name: `改名学校${a.code}`, districtId: c.districtId, id: b.schoolId });
    expect(school.status, school.body).toBe(200);
    expect(school.json).toMatchObject({ id: a.schoolId, districtId: a.districtId });
  });
});

describe('references to another school\'s rows are refused naming the field', () => {
  it('on create', async () => {
    expectFieldError(await adminA.post('/api/v1/classes', { grade: 8, name: '1班', headTeacherId: b.users.head_teacher.id }), 400, 'headTeacherId');
    expectFieldError(await adminA.post('/api/v1/classes', { grade: 8, name: '2班', classroomId: bRows.locations.id }), 400, 'classroomId');
    expectFieldError(await adminA.post('/api/v1/locations', { code: 'X-1', name: '越界', type: 'office', parentId: bRows.locations.id }), 400, 'parentId');
    expectFieldError(await adminA.post('/api/v1/locations', { code: 'X-2', name: '越界', type: 'office', buildingId: bRows.buildings.id }), 400, 'buildingId');
    expectFieldError(await adminA.post('/api/v1/locations', { code: 'X-3', name: '越界', type: 'office', campusId: b.campusId }), 400, 'campusId');
    expectFieldError(await adminA.post('/api/v1/buildings', { code: 'X', name: '越界楼', campusId: b.campusId }), 400, 'campusId');
    expectFieldError(await adminA.post('/api/v1/students', { studentNo: 'X001', name: '越界', classId: bRows.classes.id }), 400, 'classId');
    expectFieldError(await adminA.post('/api/v1/users', { username: `${a.code}-x`, name: '越界', password: 'initial-pass-1', departmentId: bRows.departments.id }), 400, 'departmentId');
    expectFieldError(await adminA.post('/api/v1/departments', { name: '越界处', headUserId: b.users.director.id }), 400, 'headUserId');
    // Nothing of it was stored.
    const names = (await adminA.get('/api/v1/locations?q=越界')).json.items;
    expect(names).toEqual([]);
    expect((await adminA.get('/api/v1/students?q=越界')).json.items).toEqual([]);
  });

  it('on update', async () => {
    expectFieldError(await adminA.patch(`/api/v1/classes/${aRows.classes}`, { headTeacherId: b.users.head_teacher.id }), 400, 'headTeacherId');
    expectFieldError(await adminA.patch(`/api/v1/locations/${aRows.locations}`, { parentId: bRows.locations.id }), 400, 'parentId');
    expectFieldError(await adminA.patch(`/api/v1/students/${aRows.students}`, { classId: bRows.classes.id }), 400, 'classId');
    expectFieldError(await adminA.patch(`/api/v1/users/${aRows.users}`, { departmentId: bRows.departments.id }), 400, 'departmentId');
    const cls = await adminA.get(`/api/v1/classes/${aRows.classes}`);
    expect(cls.json).toMatchObject({ headTeacherId: a.users.head_teacher.id, version: 1 });
  });
});

describe('a district inspector', () => {
  it('reads both schools of the district, not a school of another district', async () => {
    for (const path of Object.keys(bRows)) {
      expect((await inspector.get(`/api/v1/${path}/${bRows[path].id}`)).status, path).toBe(200);
      expect((await inspector.get(`/api/v1/${path}/${aRows[path]}`)).status, path).toBe(200);
      expect((await inspector.get(`/api/v1/${path}/${bRows[path].id}/history`)).status, path).toBe(200);
    }
    const schools = (await inspector.get('/api/v1/schools')).json.items.map((x: { id: number }) => x.id).sort();
    expect(schools).toEqual([a.schoolId, b.schoolId].sort());
    const campuses = (await inspector.get('/api/v1/campuses')).json.items.map((x: { schoolId: number }) => x.schoolId);
    expect(new Set(campuses)).toEqual(new Set([a.schoolId, b.schoolId]));
    const onlyB = (await inspector.get(`/api/v1/students?schoolId=${b.schoolId}`)).json.items;
    expect(onlyB.length).toBe(1);
    expect(onlyB[0].schoolId).toBe(b.schoolId);
    // School C is in another district.
    expect((await inspector.get(`/api/v1/campuses/${c.campusId}`)).status).toBe(404);
    expect((await inspector.get(`/api/v1/schools/${c.schoolId}`)).status).toBe(404);
    expect((await inspector.get(`/api/v1/campuses?schoolId=${c.schoolId}`)).status).toBe(404);
    expect((await inspector.get(`/api/v1/org/summary?schoolId=${c.schoolId}`)).status).toBe(404);
    const summary = await inspector.get(`/api/v1/org/summary?schoolId=${b.schoolId}`);
    expect(summary.json).toMatchObject({ campuses: 1, students: 1, classes: 1 });
  });

  it('changes nothing: every write is 403', async () => {
    const writes: [string, string, unknown][] = [];
    for (const [path, row] of Object.entries(bRows)) {
      writes.push(['PATCH', `/api/v1/${path}/${row.id}`, row.patch]);
      writes.push(['POST', `/api/v1/${path}/${row.id}/deactivate`, {}]);
      writes.push(['POST', `/api/v1/${path}/${aRows[path]}/deactivate`, {}]);
    }
    writes.push(['POST', '/api/v1/departments', { name: '督导处' }]);
    writes.push(['PATCH', `/api/v1/schools/${a.schoolId}`, { name: '督导改名' }]);
    writes.push(['POST', `/api/v1/users/${aRows.users}/password`, { password: 'inspector-set-1' }]);
    writes.push(['POST', '/api/v1/auth/password', { currentPassword: 'test-pass-123', newPassword: 'another-pass-1' }]);
    for (const [method, url, body] of writes) {
      const res = await inspector.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.json.error.code).toBe('readOnly');
    }
    expect((await adminB.get(`/api/v1/classes/${bRows.classes.id}`)).json).toMatchObject({ active: true, version: 1 });
  });
});
