// Test fixtures for the register's tests: a school with a small place tree and its people logged in.
import { expect } from 'vitest';
import { createTestSchool, login, uid, type TestApp, type TestSchool, type TestClient, type Reply } from '../../test/harness';

export interface AssetsWorld {
  s: TestSchool;
  /** 教学楼 › 三楼 › 301 / 302; 电脑房 (own building); 仓库 (no building). */
  loc: { floor3: number; room301: number; room302: number; computerRoom: number; store: number };
  dept: { office: number; academic: number };
  admin: TestClient; director: TestClient; storekeeper: TestClient; accountant: TestClient; teacher: TestClient; principal: TestClient; inspector: TestClient;
  ids: { director: number; teacher: number; storekeeper: number; headTeacher: number };
}

export function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 400)}`).toBe(status);
  return res.json;
}

export async function assetsWorld(t: TestApp, s?: TestSchool): Promise<AssetsWorld> {
  s ??= await createTestSchool(t.db);
  const admin = await login(t.app, s.users.admin.username);
  const code = uid();
  const b = ok(await admin.post('/api/v1/buildings', { campusId: s.campusId, code: `B${code}`, name: '教学楼', kind: 'teaching' }), 201);
  const lab = ok(await admin.post('/api/v1/buildings', { campusId: s.campusId, code: `L${code}`, name: '实验楼', kind: 'lab' }), 201);
  const floor3 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, code: `F3${code}`, name: '三楼', type: 'other' }), 201);
  const room301 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, parentId: floor3.id, code: `R301${code}`, name: '301教室', type: 'classroom' }), 201);
  const room302 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, parentId: floor3.id, code: `R302${code}`, name: '302教室', type: 'classroom' }), 201);
  const computerRoom = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: lab.id, code: `C1${code}`, name: '电脑房', type: 'computer_room' }), 201);
  const store = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, code: `CK${code}`, name: '总务仓库', type: 'warehouse' }), 201);
  const office = ok(await admin.post('/api/v1/departments', { name: '总务处', code: `D1${code}` }), 201);
  const academic = ok(await admin.post('/api/v1/departments', { name: '教务处', code: `D2${code}` }), 201);
  const [director, storekeeper, accountant, teacher, principal, inspector] = await Promise.all([
    login(t.app, s.users.director.username), login(t.app, s.users.storekeeper.username), login(t.app, s.users.accountant.username),
    login(t.app, s.users.teacher.username), login(t.app, s.users.principal.username), login(t.app, s.users.inspector.username),
  ]);
  return {
    s, admin, director, storekeeper, accountant, teacher, principal, inspector,
    loc: { floor3: floor3.id, room301: room301.id, room302: room302.id, computerRoom: computerRoom.id, store: store.id },
    dept: { office: office.id, academic: academic.id },
    ids: { director: s.users.director.id, teacher: s.users.teacher.id, storekeeper: s.users.storekeeper.id, headTeacher: s.users.head_teacher.id },
  };
}

/** A computer card: 4,500 元, class 201 (6 years). */
export const computer = (extra: Record<string, unknown> = {}) => ({
  name: '台式计算机', classCode: '201', model: '联想 启天M430', unit: '台', quantity: 1, unitPriceFen: 450_000,
  acquiredOn: '2024-03-10', acquiredWay: 'purchase' as const, ...extra,
});
