// Test fixtures for the repairs tests: a school with a small place tree, its people logged in.
import { expect } from 'vitest';
import { createTestSchool, login, uid, type TestApp, type TestSchool, type TestClient, type Reply } from '../../test/harness';
import { userRoles } from '../../platform/platform.tables';
import type { RepairState } from '../../../contracts/repairs';

export interface RepairsWorld {
  s: TestSchool;
  /** 教学楼 › 三楼 › 301 / 302; 食堂 (no building). */
  loc: { building: number; floor3: number; room301: number; room302: number; canteen: number };
  buildingId: number;
  admin: TestClient; director: TestClient; teacher: TestClient; worker: TestClient; worker2: TestClient; principal: TestClient; inspector: TestClient;
  /** The director also holds repair_worker: one person allowed every step (state-machine tests). */
  boss: TestClient;
  ids: { director: number; teacher: number; worker: number; worker2: number };
}

export function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 300)}`).toBe(status);
  return res.json;
}

export async function repairsWorld(t: TestApp, s?: TestSchool): Promise<RepairsWorld> {
  s ??= await createTestSchool(t.db);
  // A second worker: the head teacher account also repairs (no API grants a role the admin lacks).
  await t.db.insert(userRoles).values([
    { schoolId: s.schoolId, userId: s.users.director.id, role: 'repair_worker' },
    { schoolId: s.schoolId, userId: s.users.guard.id, role: 'repair_worker' },
  ]);
  const admin = await login(t.app, s.users.admin.username);
  const code = uid();
  const b = ok(await admin.post('/api/v1/buildings', { campusId: s.campusId, code: `B${code}`, name: '教学楼', kind: 'teaching' }), 201);
  const floor3 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, code: `F3${code}`, name: '三楼', type: 'other' }), 201);
  const room301 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, parentId: floor3.id, code: `R301${code}`, name: '301教室', type: 'classroom' }), 201);
  const room302 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, parentId: floor3.id, code: `R302${code}`, name: '302教室', type: 'classroom' }), 201);
  const canteen = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, code: `C${code}`, name: '食堂', type: 'canteen' }), 201);
  const [director, teacher, worker, worker2, principal, inspector] = await Promise.all([
    login(t.app, s.users.director.username), login(t.app, s.users.teacher.username), login(t.app, s.users.repair_worker.username),
    login(t.app, s.users.guard.username), login(t.app, s.users.principal.username), login(t.app, s.users.inspector.username),
  ]);
  return {
    s, admin, director, teacher, worker, worker2, principal, inspector, boss: director, buildingId: b.id,
    loc: { building: b.id, floor3: floor3.id, room301: room301.id, room302: room302.id, canteen: canteen.id },
    ids: { director: s.users.director.id, teacher: s.users.teacher.id, worker: s.users.repair_worker.id, worker2: s.users.guard.id },
  };
}

export const report = (c: TestClient, locationId: number, extra: Record<string, unknown> = {}) =>
  c.post('/api/v1/repairs', { locationId, category: 'multimedia', description: '投影仪无信号', urgency: 'normal', ...extra });

export const BODIES = {
  dispatch: (assigneeId: number) => ({ assigneeId, note: '尽快处理' }),
  accept: {},
  complete: { note: '已更换灯管', hours: 1.5, items: [{ name: '更换灯管', quantity: 2, unit: '支' }] },
  confirm: { rating: 5, comment: '很及时' },
  reopen: { reason: '又不亮了' },
  cancel: { reason: '已自行处理' },
};

/** An order of `boss` (director + repair worker) driven to the given state through the API. */
export async function orderIn(w: RepairsWorld, state: RepairState): Promise<number> {
  const c = w.boss;
  const o = ok(await report(c, w.loc.room301), 201);
  const step = async (action: string, body: unknown) => ok(await c.post(`/api/v1/repairs/${o.id}/${action}`, body));
  if (state === 'reported') return o.id;
  if (state === 'cancelled') { await step('cancel', BODIES.cancel); return o.id; }
  await step('dispatch', BODIES.dispatch(w.ids.director));
  if (state === 'dispatched') return o.id;
  await step('accept', BODIES.accept);
  if (state === 'in_progress') return o.id;
  await step('complete', BODIES.complete);
  if (state === 'completed') return o.id;
  if (state === 'reopened') { await step('reopen', BODIES.reopen); return o.id; }
  await step('confirm', BODIES.confirm);
  return o.id;
}
