// Test fixtures for the inspection engine and the hazards tests: a school with a few places, its people logged in.
import { expect } from 'vitest';
import sharp from 'sharp';
import { createTestSchool, login, uid, type TestApp, type TestSchool, type TestClient, type Reply } from '../test/harness';
import { ensureSchoolTemplates } from './inspections';

export interface InspectionWorld {
  s: TestSchool;
  loc: { building: number; room301: number; canteen: number };
  admin: TestClient; principal: TestClient; vice: TestClient; director: TestClient; teacher: TestClient; worker: TestClient; guard: TestClient; inspector: TestClient;
  ids: { principal: number; vice: number; director: number; teacher: number; worker: number; guard: number };
}

export function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 400)}`).toBe(status);
  return res.json;
}

export function refused(res: Reply, status: number, code: string) {
  expect(res.status, res.body.slice(0, 400)).toBe(status);
  expect(res.json.error.code).toBe(code);
  return res.json;
}

export async function inspectionWorld(t: TestApp, s?: TestSchool): Promise<InspectionWorld> {
  s ??= await createTestSchool(t.db);
  // What the platform's job does for a new school within a minute: its seed checklists.
  await ensureSchoolTemplates(t.db, t.modules.flatMap((m) => m.inspectionTemplates ?? []), { schoolId: s.schoolId });
  const admin = await login(t.app, s.users.admin.username);
  const code = uid();
  const b = ok(await admin.post('/api/v1/buildings', { campusId: s.campusId, code: `B${code}`, name: '教学楼', kind: 'teaching' }), 201);
  const room301 = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId: b.id, code: `R301${code}`, name: '301教室', type: 'classroom' }), 201);
  const canteen = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, code: `C${code}`, name: '食堂', type: 'canteen' }), 201);
  const [principal, vice, director, teacher, worker, guard, inspector] = await Promise.all([
    login(t.app, s.users.principal.username), login(t.app, s.users.vice_principal.username), login(t.app, s.users.director.username),
    login(t.app, s.users.teacher.username), login(t.app, s.users.repair_worker.username), login(t.app, s.users.guard.username),
    login(t.app, s.users.inspector.username),
  ]);
  return {
    s, admin, principal, vice, director, teacher, worker, guard, inspector,
    loc: { building: b.id, room301: room301.id, canteen: canteen.id },
    ids: {
      principal: s.users.principal.id, vice: s.users.vice_principal.id, director: s.users.director.id, teacher: s.users.teacher.id,
      worker: s.users.repair_worker.id, guard: s.users.guard.id,
    },
  };
}

let jpeg: Buffer | undefined;
/** Uploads a small JPEG as this person and answers its file id. */
export async function photo(c: TestClient): Promise<string> {
  jpeg ??= await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 120, g: 90, b: 40 } } }).jpeg().toBuffer();
  const boundary = `----houqin${uid()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`, 'utf8');
  const body = Buffer.concat([head, jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await c.request('POST', '/api/v1/files', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  return ok(res, 201).id;
}

/** A hazard reported by `c` at a place, answered as the API shows it. */
export async function reportHazard(w: InspectionWorld, c: TestClient = w.teacher, extra: Record<string, unknown> = {}) {
  return ok(await c.post('/api/v1/hazards', { locationId: w.loc.room301, kind: 'electrical', severity: 'high', description: '301教室插座烧焦，有异味', ...extra }), 201);
}
