import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, login, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { gateWorld, addStudent, ok, shanghai, GATE_MODULES, type GateWorld } from './gate.fixture';
import { verifyScans } from './gate.passes';
import { createPassScanner } from './gate.scan';
import { verifyChain } from '../../platform/audit';

/* Exit passes: issuing (head teacher for their class only), every answer at the gate with a
 * controllable clock, the student look-up without a code, one exit when guards scan at once. */

// Wednesday 18 November 2026, 10:00 in Shanghai: a school day, class hours, boarders kept in.
const WED_10 = shanghai('2026-11-18T10:00');
const clock = manualClock(WED_10);
let t: TestApp;
let w: GateWorld;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: GATE_MODULES });
  w = await gateWorld(t);
});
afterAll(async () => t.close());
beforeEach(() => clock.set(WED_10));

const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const now = () => clock.now().getTime();
async function issue(studentId = w.boarder, from = now() - 5 * 60_000, until = now() + 2 * H, by = w.head, extra: Record<string, unknown> = {}) {
  return ok(await by.post('/api/v1/exit-passes', { studentId, reason: '身体不适，回家就医', validFrom: iso(from), validUntil: iso(until), ...extra }), 201);
}
const verify = (code: string, c = w.guard) => c.post('/api/v1/exit-passes/verify', { code });

describe('issuing a pass', () => {
  it('gives a 6-character code without look-alikes, for a student of the head teacher\'s class', async () => {
    const p = await issue();
    expect(p.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    expect(p).toMatchObject({ studentId: w.boarder, studentName: '张住校', classId: w.classA, grade: 7, state: 'active', status: 'valid', boarder: true, actions: ['cancel'] });
  });

  it('refuses a head teacher for a student of another class; the director may', async () => {
    const res = await w.head.post('/api/v1/exit-passes', { studentId: w.other, reason: '家中有事', validFrom: iso(now()), validUntil: iso(now() + H) });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('gate.notYourStudent');
    await issue(w.other, now(), now() + H, w.director);
  });

  it('names the field of bad input, in both languages, and writes nothing', async () => {
    const before = (await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM exit_passes WHERE school_id = ${w.s.schoolId}`))[0].n;
    const r1 = await w.head.post('/api/v1/exit-passes', { studentId: w.boarder, reason: '看牙', validFrom: iso(now() + H), validUntil: iso(now()) });
    expect(r1.status).toBe(400);
    expect(r1.json.error.fields.map((f: { path: string }) => f.path)).toContain('validUntil');
    expect(r1.json.error.fields[0].message).toContain('结束时间');
    const r2 = await w.head.post('/api/v1/exit-passes', { studentId: w.boarder, reason: '看牙', validFrom: iso(now()), validUntil: iso(now() + H), withGuardian: true }, { 'accept-language': 'en-US' });
    expect(r2.status).toBe(400);
    expect(r2.json.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['guardianName', 'guardianPhone']);
    expect(r2.json.error.fields[0].message).toMatch(/guardian/);
    const r3 = await w.head.post('/api/v1/exit-passes', { studentId: w.boarder, reason: '看牙', validFrom: iso(now()), validUntil: iso(now() + 20 * 24 * H) });
    expect(r3.status).toBe(400);
    expect(r3.json.error.fields[0]).toMatchObject({ path: 'validUntil' });
    const after = (await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM exit_passes WHERE school_id = ${w.s.schoolId}`))[0].n;
    expect(after).toBe(before);
  });

  it('shows a head teacher only the passes of their classes', async () => {
    const mine = await issue();
    const theirs = await issue(w.other, now(), now() + H, w.director);
    const list = ok(await w.head.get('/api/v1/exit-passes?limit=200')).items.map((p: { id: number }) => p.id);
    expect(list).toContain(mine.id);
    expect(list).not.toContain(theirs.id);
    expect((await w.head.get(`/api/v1/exit-passes/${theirs.id}`)).status).toBe(404);
    const all = ok(await w.guard.get('/api/v1/exit-passes?limit=200')).items.map((p: { id: number }) => p.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });
});

describe('the guard\'s scan', () => {
  it('valid: the student may leave, the exit is recorded once; the next scan says used', async () => {
    const p = await issue();
    const first = ok(await verify(p.code));
    expect(first).toMatchObject({ result: 'valid', exitRecorded: true, pass: { id: p.id, studentName: '张住校', grade: 7, status: 'out' } });
    const second = ok(await verify(p.code));
    expect(second).toMatchObject({ result: 'used', exitRecorded: false, pass: { id: p.id, status: 'out' } });
    const detail = ok(await w.guard.get(`/api/v1/exit-passes/${p.id}`));
    expect(detail).toMatchObject({ state: 'used', status: 'out', exitedAt: WED_10.toISOString(), actions: ['return'] });
    expect(detail.exitedByName).toBeTruthy();
  });

  it('reads what was typed: lower case, spaces and dashes', async () => {
    const p = await issue();
    const typed = `${p.code.slice(0, 3).toLowerCase()} - ${p.code.slice(3).toLowerCase()}`;
    expect(ok(await verify(typed)).result).toBe('valid');
  });

  it('expired: the pass ran out before it was used', async () => {
    const p = await issue(w.boarder, now(), now() + H);
    clock.advance(H + 1);
    expect(ok(await verify(p.code))).toMatchObject({ result: 'expired', exitRecorded: false, pass: { status: 'expired' } });
    expect(ok(await w.guard.get(`/api/v1/exit-passes/${p.id}`)).state).toBe('active');
  });

  it('not yet valid: before its start; valid once the clock gets there', async () => {
    const p = await issue(w.boarder, now() + H, now() + 3 * H);
    expect(ok(await verify(p.code))).toMatchObject({ result: 'not_yet_valid', exitRecorded: false });
    clock.advance(H);
    expect(ok(await verify(p.code))).toMatchObject({ result: 'valid', exitRecorded: true });
  });

  it('no pass: an unknown code, or something that is not a code', async () => {
    expect(ok(await verify('ZZZZZZ'))).toEqual({ result: 'no_pass', exitRecorded: false, pass: null, at: WED_10.toISOString() });
    expect(ok(await verify('https://example.com/?x=1'))).toMatchObject({ result: 'no_pass', pass: null });
    expect((await verify('')).status).toBe(400);
  });

  it('cancelled: a pass the head teacher withdrew', async () => {
    const p = await issue();
    ok(await w.head.post(`/api/v1/exit-passes/${p.id}/cancel`, { reason: '家长改为周末来接' }));
    expect(ok(await verify(p.code))).toMatchObject({ result: 'cancelled', exitRecorded: false });
    expect((await w.head.post(`/api/v1/exit-passes/${p.id}/cancel`, { reason: '再次' })).status).toBe(409);
  });

  it('another school\'s code is no pass here', async () => {
    const t2 = await createTestApp({}, { clock, database: t.database, modules: GATE_MODULES });
    try {
      const { gateWorld: world } = await import('./gate.fixture');
      const w2 = await world(t2);
      const p = await issue(w2.boarder, now(), now() + H, w2.head);
      expect(ok(await verify(p.code))).toMatchObject({ result: 'no_pass', pass: null });
    } finally {
      await t2.close();
    }
  });

  it('two guards scanning the same pass at once record one exit', async () => {
    const p = await issue();
    const guard2 = await login(t.app, w.s.users.vice_principal.username);
    const answers = await Promise.all([verify(p.code, w.guard), verify(p.code, guard2), verify(p.code, w.director), verify(p.code, w.guard)]);
    const results = answers.map((a) => ok(a));
    expect(results.filter((r) => r.exitRecorded)).toHaveLength(1);
    expect(results.filter((r) => r.result === 'valid')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'used')).toHaveLength(3);
    const exits = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE school_id = ${w.s.schoolId} AND entity = 'exitPass' AND entity_id = ${String(p.id)} AND action = 'exit'`);
    expect(exits[0].n).toBe(1);
  });

  it('answers a group of scans that arrived together: one exit per pass, each code on its own', async () => {
    const a = await issue();
    const b = await issue(w.day);
    const old = await issue(w.boarder, now(), now() + H);
    const actorOf = (userId: number, name: string) => ({ schoolId: w.s.schoolId, userId, name, ip: null, roles: ['guard'] });
    const guard = actorOf(w.s.users.guard.id, 'guard');
    const vice = actorOf(w.s.users.vice_principal.id, 'vice');
    const at = new Date(now() + 1);
    const later = new Date(now() + 2 * H);
    const answers = await verifyScans(t.db, [
      { actor: guard, code: a.code, now: at }, { actor: vice, code: a.code.toLowerCase(), now: at }, { actor: guard, code: 'ZZZZZZ', now: at },
      { actor: vice, code: b.code, now: at }, { actor: guard, code: old.code, now: later }, { actor: guard, code: '***', now: at },
      // The same codes again in the same group: each answers as its first scan did (an exit is not repeated).
      { actor: vice, code: 'ZZZZZZ', now: at }, { actor: vice, code: old.code, now: later }, { actor: guard, code: b.code, now: at },
    ]);
    expect(answers.map((x) => [x.result, x.exitRecorded])).toEqual([
      ['valid', true], ['used', false], ['no_pass', false], ['valid', true], ['expired', false], ['no_pass', false],
      ['no_pass', false], ['expired', false], ['used', false],
    ]);
    expect(answers[7].pass).toMatchObject({ id: old.id, status: 'expired' });
    expect(answers[8].pass).toMatchObject({ id: b.id, state: 'used', status: 'out', exitedByName: 'vice' });
    expect(answers[1].pass).toMatchObject({ id: a.id, status: 'out' });
    const exits = await rowsOf<{ id: string; actor: string }>(t.db, sql`SELECT entity_id AS id, actor_name AS actor FROM audit_log
      WHERE school_id = ${w.s.schoolId} AND entity = 'exitPass' AND action = 'exit' AND entity_id IN (${String(a.id)}, ${String(b.id)}) ORDER BY seq`);
    expect(exits).toEqual([{ id: String(a.id), actor: 'guard' }, { id: String(b.id), actor: 'vice' }]);
    expect((await verifyChain(t.db, w.s.schoolId)).ok).toBe(true);
  });

  it('the gate\'s queue answers scans that arrive together in groups, each with its own answer', async () => {
    const scanner = createPassScanner(t.db);
    const p = await issue();
    const q = await issue(w.day);
    const guard = { schoolId: w.s.schoolId, userId: w.s.users.guard.id, name: 'guard', ip: null, roles: ['guard'] };
    const at = new Date(now() + 1);
    const answers = await Promise.all([p.code, p.code, q.code, 'NOPE22', p.code].map((code) => scanner.verify(guard, code, at)));
    expect(answers.map((a) => a.result)).toEqual(['valid', 'used', 'valid', 'no_pass', 'used']);
    expect(answers.filter((a) => a.exitRecorded)).toHaveLength(2);
    // The group's exits were appended to the audit chain together: the chain still verifies.
    expect((await verifyChain(t.db, w.s.schoolId)).ok).toBe(true);
  });

  it('records the return once', async () => {
    const p = await issue();
    ok(await verify(p.code));
    clock.advance(H);
    const back = ok(await w.guard.post(`/api/v1/exit-passes/${p.id}/return`, {}));
    expect(back).toMatchObject({ state: 'returned', status: 'returned', returnedAt: new Date(WED_10.getTime() + H).toISOString() });
    expect((await w.guard.post(`/api/v1/exit-passes/${p.id}/return`, {})).status).toBe(409);
    expect(ok(await verify(p.code)).result).toBe('used');
  });

  it('flags a student out past the pass without a return', async () => {
    const p = await issue(w.day, now(), now() + H);
    ok(await verify(p.code));
    clock.advance(2 * H);
    const overdue = ok(await w.guard.get('/api/v1/exit-passes?status=overdueReturn&limit=200')).items.map((x: { id: number }) => x.id);
    expect(overdue).toContain(p.id);
    expect(ok(await w.guard.get(`/api/v1/exit-passes/${p.id}`)).overdueReturn).toBe(true);
  });
});

describe('a student at the gate without a code', () => {
  const check = (studentId: number) => w.guard.post('/api/v1/exit-passes/check-student', { studentId });
  // Students of their own: the passes of the tests above do not reach them.
  const st = { boarder: 0, day: 0, other: 0 };
  beforeAll(async () => {
    st.boarder = await addStudent(w, w.classA, '赵住校', true);
    st.day = await addStudent(w, w.classA, '钱走读', false);
    st.other = await addStudent(w, w.classB, '孙二班', true);
  });

  it('boarder on a school day: needs a pass', async () => {
    expect(ok(await check(st.boarder))).toMatchObject({ result: 'needs_pass', reason: 'boarder_closed', student: { id: st.boarder, boarder: true } });
  });
  it('boarder on Saturday: may leave', async () => {
    clock.set(shanghai('2026-11-21T10:00'));
    expect(ok(await check(st.boarder))).toMatchObject({ result: 'may_leave', reason: 'boarder_open' });
  });
  it('boarder on Friday after 16:30: may leave; at 16:29 not', async () => {
    clock.set(shanghai('2026-11-20T16:29'));
    expect(ok(await check(st.boarder)).result).toBe('needs_pass');
    clock.set(shanghai('2026-11-20T16:30'));
    expect(ok(await check(st.boarder)).result).toBe('may_leave');
  });
  it('day student: not in class hours without a pass; after class they may', async () => {
    expect(ok(await check(st.day))).toMatchObject({ result: 'needs_pass', reason: 'class_hours' });
    clock.set(shanghai('2026-11-18T17:30'));
    expect(ok(await check(st.day))).toMatchObject({ result: 'may_leave', reason: 'outside_class_hours' });
  });
  it('with a valid pass: has a pass, and its code lets them out', async () => {
    const p = await issue(st.other, now(), now() + H, w.director);
    const answer = ok(await check(st.other));
    expect(answer).toMatchObject({ result: 'has_pass', reason: 'valid_pass', pass: { id: p.id, code: p.code } });
    expect(ok(await verify(answer.pass.code)).result).toBe('valid');
  });
  it('follows the school\'s setting of the closed week', async () => {
    const settings = ok(await w.director.get('/api/v1/settings/gate'));
    ok(await w.director.patch('/api/v1/settings/gate', { values: { boarderClosedUntil: { weekday: 3, time: '09:00' } }, version: settings.version }));
    try {
      expect(ok(await check(st.boarder))).toMatchObject({ result: 'may_leave', reason: 'boarder_open' });
    } finally {
      const now2 = ok(await w.director.get('/api/v1/settings/gate'));
      ok(await w.director.patch('/api/v1/settings/gate', { values: { boarderClosedUntil: { weekday: 5, time: '16:30' } }, version: now2.version }));
    }
  });
});
