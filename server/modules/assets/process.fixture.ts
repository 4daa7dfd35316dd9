// Test fixtures for the stocktake, damage and disposal tests: a school with a few rooms, people logged in.
import { expect } from 'vitest';
import { createTestSchool, login, uid, type TestApp, type TestSchool, type TestClient, type Reply } from '../../test/harness';
import { orgModule } from '../org';
import { assetsModule } from './index';

/** The modules these tests need (org's places and people, the assets module). */
export const TEST_MODULES = [orgModule, assetsModule];

export interface ProcessWorld {
  s: TestSchool;
  /** 教学楼 › 三楼 › 301 / 302; 仓库 (another building's room, outside a 三楼 stocktake). */
  loc: { floor3: number; room301: number; room302: number; store: number };
  admin: TestClient; director: TestClient; storekeeper: TestClient; teacher: TestClient; headTeacher: TestClient;
  vice: TestClient; principal: TestClient; accountant: TestClient; dorm: TestClient; inspector: TestClient;
  ids: { director: number; storekeeper: number; teacher: number; headTeacher: number; accountant: number; vice: number; principal: number };
}

export function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 400)}`).toBe(status);
  return res.json;
}

export async function processWorld(t: TestApp, s?: TestSchool): Promise<ProcessWorld> {
  s ??= await createTestSchool(t.db);
  const admin = await login(t.app, s.users.admin.username);
  const code = uid();
  const b = ok(await admin.post('/api/v1/buildings', { campusId: s.campusId, code: `B${code}`, name: '教学楼', kind: 'teaching' }), 201);
  const floor3 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, code: `F3${code}`, name: '三楼', type: 'other' }), 201);
  const room301 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, parentId: floor3.id, code: `R301${code}`, name: '301教室', type: 'classroom' }), 201);
  const room302 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, parentId: floor3.id, code: `R302${code}`, name: '302教室', type: 'classroom' }), 201);
  const store = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, code: `S${code}`, name: '仓库', type: 'other' }), 201);
  const u = s.users;
  const [director, storekeeper, teacher, headTeacher, vice, principal, accountant, dorm, inspector] = await Promise.all([
    login(t.app, u.director.username), login(t.app, u.storekeeper.username), login(t.app, u.teacher.username), login(t.app, u.head_teacher.username),
    login(t.app, u.vice_principal.username), login(t.app, u.principal.username), login(t.app, u.accountant.username), login(t.app, u.dorm_manager.username),
    login(t.app, u.inspector.username),
  ]);
  return {
    s, admin, director, storekeeper, teacher, headTeacher, vice, principal, accountant, dorm, inspector,
    loc: { floor3: floor3.id, room301: room301.id, room302: room302.id, store: store.id },
    ids: { director: u.director.id, storekeeper: u.storekeeper.id, teacher: u.teacher.id, headTeacher: u.head_teacher.id, accountant: u.accountant.id, vice: u.vice_principal.id, principal: u.principal.id },
  };
}

export interface AssetSpec { name?: string; classCode?: string; unitPriceFen?: number; quantity?: number; acquiredOn?: string; locationId?: number | null; lowValue?: boolean; code?: string; status?: string }

/** Registers an asset through the register's route (as the storekeeper). */
export async function asset(w: ProcessWorld, spec: AssetSpec = {}): Promise<{ id: number; code: string; originalValueFen: number; status: string; locationId: number | null }> {
  const body = {
    name: spec.name ?? '台式计算机', classCode: spec.classCode ?? '201', unitPriceFen: spec.unitPriceFen ?? 480_000, quantity: spec.quantity ?? 1,
    acquiredOn: spec.acquiredOn ?? '2024-03-10', locationId: spec.locationId === undefined ? w.loc.room301 : spec.locationId,
    ...(spec.lowValue !== undefined ? { lowValue: spec.lowValue } : {}), ...(spec.code ? { code: spec.code } : {}), ...(spec.status ? { status: spec.status } : {}),
  };
  return ok(await w.storekeeper.post('/api/v1/assets', body), 201);
}

export async function assetStatus(w: ProcessWorld, id: number): Promise<string> {
  return ok(await w.director.get(`/api/v1/assets/${id}`)).status;
}

/** A small JPEG uploaded by `c` (the surplus photo). */
export async function uploadPhoto(c: TestClient): Promise<string> {
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer();
  const boundary = `----houqin${uid()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lamp.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    jpeg, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/files', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  return ok(res, 201).id;
}

/** Approves the current step of a document's approval as `c` (with a comment). */
export async function decide(c: TestClient, approvalId: number, action: 'approve' | 'reject' | 'return', comment = '同意') {
  return c.post(`/api/v1/approvals/${approvalId}/${action}`, { comment });
}
