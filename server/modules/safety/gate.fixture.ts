// Test fixtures for the gate, duty and patrol tests: a school with two classes and their students, people logged in.
import { expect } from 'vitest';
import { createTestSchool, login, uid, type TestApp, type TestSchool, type TestClient, type Reply } from '../../test/harness';
import type { HouqinModule } from '../../platform/module';
import { orgModule } from '../org';
import { gatePart } from './gate.part';

/**
 * The modules these tests run with: org and this part of safety only, so the gate's tests do not
 * depend on the other parts of the module being finished (the permission walk covers the whole app).
 */
export const GATE_MODULES: HouqinModule[] = [orgModule, { name: 'safety', ...gatePart }];

export interface GateWorld {
  s: TestSchool;
  admin: TestClient; director: TestClient; head: TestClient; guard: TestClient; teacher: TestClient; inspector: TestClient; vice: TestClient; dorm: TestClient;
  /** 7年级1班 (head teacher: s.users.head_teacher) and 7年级2班 (no head teacher). */
  classA: number; classB: number;
  /** In class A: a boarder and a day student; in class B: a boarder. */
  boarder: number; day: number; other: number;
}

export function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 300)}`).toBe(status);
  return res.json;
}

export async function gateWorld(t: TestApp): Promise<GateWorld> {
  const s = await createTestSchool(t.db);
  const admin = await login(t.app, s.users.admin.username);
  const code = uid();
  const classA = ok(await admin.post('/api/v1/classes', { grade: 7, name: `1班${code}`, headTeacherId: s.users.head_teacher.id, boarding: 'mixed' }), 201).id;
  const classB = ok(await admin.post('/api/v1/classes', { grade: 7, name: `2班${code}`, boarding: 'mixed' }), 201).id;
  const student = async (classId: number, name: string, boarder: boolean) => ok(await admin.post('/api/v1/students', {
    studentNo: `S${code}${name.length}${boarder ? 'B' : 'D'}${classId}`, name, classId, boarder, guardianName: `${name}家长`, guardianPhone: '13900001111',
  }), 201).id;
  const [boarder, day, other] = [await student(classA, '张住校', true), await student(classA, '李走读', false), await student(classB, '王二班', true)];
  const [director, head, guard, teacher, inspector, vice, dorm] = await Promise.all([
    login(t.app, s.users.director.username), login(t.app, s.users.head_teacher.username), login(t.app, s.users.guard.username),
    login(t.app, s.users.teacher.username), login(t.app, s.users.inspector.username), login(t.app, s.users.vice_principal.username),
    login(t.app, s.users.dorm_manager.username),
  ]);
  return { s, admin, director, head, guard, teacher, inspector, vice, dorm, classA, classB, boarder, day, other };
}

/** One more student (tests that need a student without passes). */
export async function addStudent(w: GateWorld, classId: number, name: string, boarder: boolean): Promise<number> {
  return ok(await w.admin.post('/api/v1/students', {
    studentNo: `X${uid()}`, name, classId, boarder, guardianName: `${name}家长`, guardianPhone: '13900002222',
  }), 201).id;
}

/** "2026-11-18T10:00" in Asia/Shanghai → the instant. */
export const shanghai = (local: string) => new Date(`${local}:00+08:00`);
