import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { sql } from 'drizzle-orm';
import { anonymous, createTestApp, login, type TestApp, type TestClient } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { gateWorld, ok, shanghai, GATE_MODULES, type GateWorld } from './gate.fixture';
import { maskName } from './gate.public';

/* The guardian's pass page: GET /api/v1/public/exit-passes/:token answers without a login, with
 * the minimum (masked name, class, reason, validity, code, live status — no ids, no phones); the
 * token is shown only to the people who may send it; an unknown token is a 404. */

const WED_10 = shanghai('2026-11-18T10:00');
const clock = manualClock(WED_10);
let t: TestApp;
let w: GateWorld;
let nobody: TestClient;
/** A second head teacher (of class B): not the class of the passes below. */
let otherHead: TestClient;

const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const now = () => clock.now().getTime();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: GATE_MODULES });
  w = await gateWorld(t);
  nobody = anonymous(t.app);
  const teacherId = w.s.users.teacher.id;
  await t.db.execute(sql`INSERT INTO user_roles (school_id, user_id, role) VALUES (${w.s.schoolId}, ${teacherId}, 'head_teacher')`);
  await t.db.execute(sql`UPDATE classes SET head_teacher_id = ${teacherId} WHERE school_id = ${w.s.schoolId} AND id = ${w.classB}`);
  otherHead = await login(t.app, w.s.users.teacher.username);
});
afterAll(async () => t.close());
beforeEach(() => clock.set(WED_10));

async function issue(by = w.head, from = now() - 5 * 60_000, until = now() + 2 * H, extra: Record<string, unknown> = {}) {
  return ok(await by.post('/api/v1/exit-passes', { studentId: w.boarder, reason: '身体不适，回家就医', validFrom: iso(from), validUntil: iso(until), ...extra }), 201);
}
const open = (token: string, lang?: string) => nobody.get(`/api/v1/public/exit-passes/${token}`, lang ? { 'accept-language': lang } : undefined);

describe('the guardian\'s link', () => {
  it('opens without a login and shows only what the exit needs: masked name, class, reason, validity, code, status', async () => {
    const p = await issue(w.head, now() - 5 * 60_000, now() + 2 * H, { withGuardian: true, guardianName: '张爸爸', guardianPhone: '13912345678' });
    expect(p.shareToken).toMatch(UUID);
    const res = await open(p.shareToken);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json).toEqual({
      schoolName: expect.any(String), studentName: '张*校', grade: 7, className: expect.stringMatching(/^1班/), reason: '身体不适，回家就医',
      validFrom: p.validFrom, validUntil: p.validUntil, code: p.code, status: 'valid', timezone: 'Asia/Shanghai', at: WED_10.toISOString(),
    });
    expect(res.json.schoolName.length).toBeGreaterThan(0);
    // No phone numbers (guardian's or anyone's), no guardian name, no ids, no issuer.
    expect(res.body).not.toContain('13912345678');
    expect(res.body).not.toContain('13900001111');
    expect(res.body).not.toContain('张爸爸');
    expect(res.body).not.toContain('张住校');
    expect(Object.keys(res.json).filter((k) => /id$|Id$|phone|issued|guardian/i.test(k))).toEqual([]);
  });

  it('a pass\'s link key is random and its own: not the code, different for every pass', async () => {
    const a = await issue();
    const b = await issue();
    expect(a.shareToken).not.toBe(b.shareToken);
    expect(a.shareToken).not.toContain(a.code);
    // The code is not a key: the guardian's page cannot be opened by a code.
    expect((await open(a.code)).status).toBe(404);
  });

  it('answers 404 with the usual error shape for an unknown or malformed key, in both languages', async () => {
    const unknown = await open('0b3f6c1e-6a51-4c1c-9f3e-1d2c3b4a5f60');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('gate.passLinkUnknown');
    expect(unknown.json.error.message).toContain('出门条');
    const en = await open('0b3f6c1e-6a51-4c1c-9f3e-1d2c3b4a5f60', 'en-US');
    expect(en.json.error.message).toMatch(/exit pass/i);
    for (const bad of ['not-a-uuid', '%27%20OR%201%3D1', 'x'.repeat(64)]) {
      const res = await open(bad);
      expect(res.status, bad).toBe(404);
      expect(res.json.error.code).toBe('gate.passLinkUnknown');
    }
  });

  it('shows the status the clock and the gate give it: pending, valid, out, returned; expired; cancelled', async () => {
    const p = await issue(w.head, now() + H, now() + 3 * H);
    expect((await open(p.shareToken)).json.status).toBe('pending');
    clock.advance(90 * 60_000);
    expect((await open(p.shareToken)).json.status).toBe('valid');
    expect(ok(await w.guard.post('/api/v1/exit-passes/verify', { code: p.code })).result).toBe('valid');
    expect((await open(p.shareToken)).json.status).toBe('out');
    ok(await w.guard.post(`/api/v1/exit-passes/${p.id}/return`, {}));
    expect((await open(p.shareToken)).json.status).toBe('returned');

    const q = await issue(w.head, now(), now() + H);
    clock.advance(H);
    expect((await open(q.shareToken)).json.status).toBe('expired');

    clock.set(WED_10);
    const r = await issue();
    ok(await w.head.post(`/api/v1/exit-passes/${r.id}/cancel`, { reason: '家长改期' }));
    expect((await open(r.shareToken)).json.status).toBe('cancelled');
  });
});

describe('who sees the link\'s key', () => {
  it('the issuer, the class\'s head teacher and the leaders who issue; never the guard, the inspector, the admin or another head teacher', async () => {
    const byDirector = await issue(w.director);
    expect(byDirector.shareToken).toMatch(UUID);
    const token = byDirector.shareToken as string;
    // The class's head teacher (not the issuer) and a vice principal see it, in the detail and the list.
    expect(ok(await w.head.get(`/api/v1/exit-passes/${byDirector.id}`)).shareToken).toBe(token);
    expect(ok(await w.head.get('/api/v1/exit-passes?limit=200')).items.find((x: { id: number }) => x.id === byDirector.id).shareToken).toBe(token);
    expect(ok(await w.vice.get(`/api/v1/exit-passes/${byDirector.id}`)).shareToken).toBe(token);
    // The guard sees every pass, never a key: not in the detail, the list, or the scan's answer.
    expect(ok(await w.guard.get(`/api/v1/exit-passes/${byDirector.id}`)).shareToken).toBeNull();
    const guardList = await w.guard.get('/api/v1/exit-passes?limit=200');
    expect(guardList.status).toBe(200);
    expect(guardList.body).not.toContain(token);
    expect(guardList.json.items.every((x: { shareToken: string | null }) => x.shareToken === null)).toBe(true);
    const scan = await w.guard.post('/api/v1/exit-passes/verify', { code: byDirector.code });
    expect(scan.body).not.toContain(token);
    const check = await w.guard.post('/api/v1/exit-passes/check-student', { studentId: w.boarder });
    expect(check.body).not.toContain(token);
    // The inspector and the admin read passes but do not send them.
    for (const c of [w.inspector, w.admin]) {
      const res = await c.get(`/api/v1/exit-passes?limit=200&schoolId=${w.s.schoolId}`);
      expect(res.status).toBe(200);
      expect(res.body).not.toContain(token);
    }
    // Another class's head teacher does not see the pass at all.
    const other = await otherHead.get('/api/v1/exit-passes?limit=200');
    expect(other.status).toBe(200);
    expect(other.body).not.toContain(token);
    expect((await otherHead.get(`/api/v1/exit-passes/${byDirector.id}`)).status).toBe(404);
  });
});

describe('maskName', () => {
  it('keeps the first and the last character', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('张明')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('李')).toBe('李');
    expect(maskName('𠀋三明')).toBe('𠀋*明');
  });
});
