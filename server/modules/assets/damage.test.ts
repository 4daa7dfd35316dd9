import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { DEFAULT_DAMAGE_SETTINGS } from '../../../contracts/assetsProcess';
import { processWorld, asset, ok, decide, TEST_MODULES, type ProcessWorld } from './process.fixture';
import { compensation } from './damage.service';

/*
 * Damage and compensation: the school's rule (deliberate 100 % of the current net value, accidental
 * 50 %, a low-value item by its original value, rounded to the fen), the responsible party checked in
 * the school's records, a waiver only through approval, payments (income for finance), and the
 * flag on a boarder who still owes.
 */

const clock = manualClock('2026-11-16T01:00:00Z');
let t: TestApp;
let w: ProcessWorld;
let classId: number;
let boarderId: number;
let dayStudentId: number;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: TEST_MODULES });
  w = await processWorld(t);
  classId = ok(await w.admin.post('/api/v1/classes', { grade: 8, name: '3班', boarding: 'mixed' }), 201).id;
  boarderId = ok(await w.admin.post('/api/v1/students', { studentNo: `B${w.s.code}`, name: '李小龙', classId, boarder: true }), 201).id;
  dayStudentId = ok(await w.admin.post('/api/v1/students', { studentNo: `D${w.s.code}`, name: '王小明', classId, boarder: false }), 201).id;
});
afterAll(async () => t.close());

const report = (body: Record<string, unknown>, c = w.storekeeper) => c.post('/api/v1/damage-reports', {
  quantity: 1, foundOn: '2026-11-15', responsibleType: 'student', responsibleId: boarderId, deliberate: true, description: '课间打闹损坏', ...body,
});
const approvalOf = async (kind: string, documentId: number) =>
  (await rowsOf<{ id: number }>(t.db, sql`SELECT id FROM approvals WHERE school_id = ${w.s.schoolId} AND kind = ${kind} AND document_id = ${documentId}`))[0]?.id;

describe('the compensation rule', () => {
  const month = '2026-10';
  it('deliberate: the whole current net value; accidental: half, rounded half up to the fen', () => {
    const pc = { lowValue: false, originalValueFen: 480_000, quantity: 1 };
    expect(compensation(pc, 273_323, DEFAULT_DAMAGE_SETTINGS, true, 1, month).amountFen).toBe(273_323);
    expect(compensation(pc, 273_323, DEFAULT_DAMAGE_SETTINGS, false, 1, month).amountFen).toBe(136_662);
    expect(compensation(pc, 273_323, DEFAULT_DAMAGE_SETTINGS, false, 1, month).rule).toMatchObject({ baseKind: 'net', baseFen: 273_323, percent: 50 });
  });
  it('a low-value item: its original value, whatever the net value says', () => {
    const chair = { lowValue: true, originalValueFen: 300_000, quantity: 10 };
    // 3 of 10 chairs (300 元 each), deliberately: 900 元.
    const r = compensation(chair, 0, DEFAULT_DAMAGE_SETTINGS, true, 3, month);
    expect(r.amountFen).toBe(90_000);
    expect(r.rule).toMatchObject({ baseKind: 'original', baseFen: 90_000, cardQuantity: 10, quantity: 3 });
    expect(compensation(chair, 0, DEFAULT_DAMAGE_SETTINGS, false, 1, month).amountFen).toBe(15_000);
  });
  it('rounds once, exactly, even past 2^53 intermediate values', () => {
    expect(compensation({ lowValue: false, originalValueFen: 1, quantity: 3 }, 1, DEFAULT_DAMAGE_SETTINGS, false, 1, month).amountFen).toBe(0);
    expect(compensation({ lowValue: false, originalValueFen: 100, quantity: 3 }, 100, DEFAULT_DAMAGE_SETTINGS, true, 1, month).amountFen).toBe(33);
    expect(compensation({ lowValue: false, originalValueFen: 100, quantity: 3 }, 100, DEFAULT_DAMAGE_SETTINGS, true, 2, month).amountFen).toBe(67);
    const big = compensation({ lowValue: false, originalValueFen: 99_999_999_999, quantity: 999_999 }, 99_999_999_999, { deliberatePercent: 300, accidentalPercent: 50 }, true, 999_998, month);
    expect(big.amountFen).toBe(Number((99_999_999_999n * 999_998n * 300n * 2n + 999_999n * 100n) / (2n * 999_999n * 100n)));
  });
});

describe('a damage report computes the amount from the register', () => {
  let pc: { id: number; code: string };
  beforeAll(async () => {
    // 台式计算机 4800 元, class 201 (6 years = 72 months), entered 2024-03-10.
    pc = await asset(w, { name: '教室电脑', classCode: '201', unitPriceFen: 480_000, acquiredOn: '2024-03-10' });
  });

  it('deliberate: the net value after depreciation through last month', async () => {
    // Now 2026-11-16: depreciated Apr 2024 … Oct 2026 = 31 months × round(480000/72) = 31 × 6667 = 206677 fen.
    const d = ok(await report({ assetId: pc.id, deliberate: true }), 201);
    expect(d).toMatchObject({ state: 'outstanding', computedFen: 273_323, amountFen: 273_323, outstandingFen: 273_323, paidFen: 0 });
    expect(d.rule).toMatchObject({ deliberate: true, percent: 100, baseKind: 'net', baseFen: 273_323, month: '2026-11' });
    expect(d.responsibleName).toContain('李小龙');
    expect(d.code).toMatch(/^PC-2026-\d{4}$/);
    // The asset's timeline shows the damage.
    const card = ok(await w.director.get(`/api/v1/assets/${pc.id}`));
    expect(card.events.some((e: { kind: string; refKind: string }) => e.kind === 'damage' && e.refKind === 'damage')).toBe(true);
  });

  it('accidental: half of it, rounded to the fen', async () => {
    const d = ok(await report({ assetId: pc.id, deliberate: false, responsibleType: 'staff', responsibleId: w.ids.teacher }), 201);
    expect(d).toMatchObject({ computedFen: 136_662, amountFen: 136_662, boarder: false, flagged: false });
  });

  it('a low-value item by its original value; part of a batch card by the units damaged', async () => {
    const chairs = await asset(w, { name: '学生椅', classCode: '60101', unitPriceFen: 30_000, quantity: 10 });
    const d = ok(await report({ assetId: chairs.id, quantity: 3, deliberate: true }), 201);
    expect(d).toMatchObject({ lowValue: true, quantity: 3, amountFen: 90_000, rule: { baseKind: 'original', cardQuantity: 10 } });
    const tooMany = await report({ assetId: chairs.id, quantity: 11 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.fields[0].path).toBe('quantity');
  });

  it('follows the school\'s setting, and keeps the rule used with each report', async () => {
    const s = ok(await w.director.get('/api/v1/settings/damage'));
    ok(await w.director.patch('/api/v1/settings/damage', { values: { accidentalPercent: 30 }, version: s.version }));
    const d = ok(await report({ assetId: pc.id, deliberate: false }), 201);
    expect(d.amountFen).toBe(Math.round(273_323 * 0.3));
    expect(d.rule.percent).toBe(30);
    const again = ok(await w.director.get('/api/v1/settings/damage'));
    ok(await w.director.patch('/api/v1/settings/damage', { values: { accidentalPercent: 50 }, version: again.version }));
  });

  it('checks the responsible party in the school\'s records, naming the field', async () => {
    const other = await createTestSchool(t.db);
    const otherAdmin = await login(t.app, other.users.admin.username);
    const otherClass = ok(await otherAdmin.post('/api/v1/classes', { grade: 7, name: '1班' }), 201).id;
    const foreign = ok(await otherAdmin.post('/api/v1/students', { studentNo: `X${other.code}`, name: '外校生', classId: otherClass }), 201).id;
    for (const body of [{ responsibleId: foreign }, { responsibleType: 'class', responsibleId: otherClass }, { responsibleType: 'staff', responsibleId: other.users.teacher.id }, { responsibleId: null }]) {
      const res = await report({ assetId: pc.id, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.fields[0].path).toBe('responsibleId');
    }
    const cls = ok(await report({ assetId: pc.id, responsibleType: 'class', responsibleId: classId }), 201);
    expect(cls.responsibleName).toBe('8年级3班');
    const unknown = ok(await report({ assetId: pc.id, responsibleType: 'unknown', responsibleId: null }), 201);
    expect(unknown).toMatchObject({ state: 'no_party', amountFen: 0, computedFen: 273_323, actions: expect.not.arrayContaining(['pay']) });
  });
});

describe('waivers go through approval; payments settle', () => {
  let lamp: { id: number };
  beforeAll(async () => { lamp = await asset(w, { name: '护眼台灯', classCode: '206', unitPriceFen: 120_000, acquiredOn: '2026-10-20' }); });

  it('a waiver is applied only when the approval chain approves it', async () => {
    // Entered Oct 2026: not yet depreciated → 1200 元 deliberate.
    const d = ok(await report({ assetId: lamp.id }), 201);
    expect(d.amountFen).toBe(120_000);
    const asked = ok(await w.storekeeper.post(`/api/v1/damage-reports/${d.id}/waiver`, { amountFen: 20_000, reason: '家庭困难，已书面检讨' }), 201);
    expect(asked).toMatchObject({ amountFen: 120_000, waiver: { state: 'pending', proposedFen: 20_000 }, actions: expect.not.arrayContaining(['pay', 'waive']) });
    // Nothing is paid while the waiver is being decided; a second waiver is refused.
    expect((await w.accountant.post(`/api/v1/damage-reports/${d.id}/payments`, { amountFen: 100, paidOn: '2026-11-16', receiptNo: `R${d.id}x`, receivedById: w.ids.accountant })).status).toBe(409);
    expect((await w.storekeeper.post(`/api/v1/damage-reports/${d.id}/waiver`, { amountFen: 0, reason: '再次' })).status).toBe(409);
    const approvalId = await approvalOf('assets.damage_waiver', asked.waiver.id);
    // A reduction of 1000 元 (≥ 500 元): the vice principal, then the principal.
    ok(await decide(w.vice, approvalId, 'approve'));
    expect(ok(await w.director.get(`/api/v1/damage-reports/${d.id}`)).amountFen).toBe(120_000);
    ok(await decide(w.principal, approvalId, 'approve'));
    const after = ok(await w.director.get(`/api/v1/damage-reports/${d.id}`));
    expect(after).toMatchObject({ amountFen: 20_000, computedFen: 120_000, state: 'outstanding', waiver: { state: 'approved' } });
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['waiverRequested', 'waiverApproved']));
  });

  it('returned: changed and sent again; rejected: the amount stays', async () => {
    const d = ok(await report({ assetId: lamp.id, deliberate: false }), 201);
    expect(d.amountFen).toBe(60_000);
    const first = ok(await w.storekeeper.post(`/api/v1/damage-reports/${d.id}/waiver`, { amountFen: 0, reason: '初犯' }), 201);
    const approvalId = await approvalOf('assets.damage_waiver', first.waiver.id);
    ok(await decide(w.vice, approvalId, 'return', '请说明家庭情况'));
    expect(ok(await w.director.get(`/api/v1/damage-reports/${d.id}`)).waiver).toMatchObject({ state: 'returned' });
    const second = ok(await w.storekeeper.post(`/api/v1/damage-reports/${d.id}/waiver`, { amountFen: 30_000, reason: '初犯，家庭低保户，减半' }), 201);
    expect(second.waiver).toMatchObject({ id: first.waiver.id, state: 'pending', proposedFen: 30_000 });
    // 300 元 reduced (< 500 元): the vice principal alone.
    ok(await decide(w.vice, approvalId, 'approve'));
    expect(ok(await w.director.get(`/api/v1/damage-reports/${d.id}`))).toMatchObject({ amountFen: 30_000, state: 'outstanding' });

    const d2 = ok(await report({ assetId: lamp.id, deliberate: false }), 201);
    const w2 = ok(await w.storekeeper.post(`/api/v1/damage-reports/${d2.id}/waiver`, { amountFen: 0, reason: '免除' }), 201);
    ok(await decide(w.vice, await approvalOf('assets.damage_waiver', w2.waiver.id), 'reject', '不符合减免条件'));
    expect(ok(await w.director.get(`/api/v1/damage-reports/${d2.id}`))).toMatchObject({ amountFen: 60_000, state: 'outstanding', waiver: { state: 'rejected' } });
  });

  it('a full waiver ends the report as waived', async () => {
    const d = ok(await report({ assetId: lamp.id, deliberate: false, responsibleType: 'staff', responsibleId: w.ids.teacher }), 201);
    const asked = ok(await w.storekeeper.post(`/api/v1/damage-reports/${d.id}/waiver`, { amountFen: 0, reason: '公务中损坏' }), 201);
    const approvalId = await approvalOf('assets.damage_waiver', asked.waiver.id);
    // 600 元 waived (≥ 500 元): the vice principal is not enough.
    ok(await decide(w.vice, approvalId, 'approve'));
    expect(ok(await w.director.get(`/api/v1/damage-reports/${d.id}`))).toMatchObject({ amountFen: 60_000, waiver: { state: 'pending' } });
    // Nobody approves two steps of one chain.
    expect((await decide(w.vice, approvalId, 'approve')).status).toBe(403);
    ok(await decide(w.principal, approvalId, 'approve'));
    expect(ok(await w.director.get(`/api/v1/damage-reports/${d.id}`))).toMatchObject({ amountFen: 0, state: 'waived', outstandingFen: 0 });
  });

  it('payments: part, then the rest → paid; each a receipt once; never more than due; listed for the accountant', async () => {
    const d = ok(await report({ assetId: lamp.id, deliberate: false, responsibleType: 'staff', responsibleId: w.ids.headTeacher }), 201);
    const pay = (amountFen: number, receiptNo: string) => w.accountant.post(`/api/v1/damage-reports/${d.id}/payments`, { amountFen, paidOn: '2026-11-16', receiptNo, receivedById: w.ids.accountant, payerName: '班主任' });
    const part = ok(await pay(20_000, `SJ${d.id}-1`), 201);
    expect(part).toMatchObject({ state: 'outstanding', paidFen: 20_000, outstandingFen: 40_000 });
    const over = await pay(50_000, `SJ${d.id}-2`);
    expect(over.status).toBe(400);
    expect(over.json.error.fields[0].path).toBe('amountFen');
    const dup = await pay(10_000, `SJ${d.id}-1`);
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields[0].path).toBe('receiptNo');
    // Two clicks at once on the last payment: one is recorded.
    const both = await Promise.all([pay(40_000, `SJ${d.id}-3`), pay(40_000, `SJ${d.id}-4`)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const paid = ok(await w.director.get(`/api/v1/damage-reports/${d.id}`));
    expect(paid).toMatchObject({ state: 'paid', paidFen: 60_000, outstandingFen: 0 });
    expect(paid.payments).toHaveLength(2);
    const list = ok(await w.accountant.get('/api/v1/damage-reports/payments?from=2026-11-01&to=2026-11-30'));
    expect(list.items.filter((p: { reportId: number }) => p.reportId === d.id).map((p: { amountFen: number }) => p.amountFen).sort()).toEqual([20_000, 40_000]);
    expect(list.totalFen).toBeGreaterThanOrEqual(60_000);
    const xlsx = await w.accountant.get('/api/v1/damage-reports/payments/export?from=2026-11-01&to=2026-11-30');
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const all = await w.director.get('/api/v1/damage-reports/export?state=paid');
    expect(all.status).toBe(200);
    expect(String(all.headers['content-type'])).toContain('spreadsheetml');
    // The storekeeper has no finance list; the teacher cannot record money.
    expect((await w.teacher.get('/api/v1/damage-reports/payments')).status).toBe(403);
  });
});

describe('a boarder who owes is flagged', () => {
  it('lists boarders with money due, flags their reports, and clears them once paid', async () => {
    const bed = await asset(w, { name: '宿舍床铺', classCode: '601', unitPriceFen: 90_000, lowValue: true });
    const owed = ok(await report({ assetId: bed.id, responsibleType: 'student', responsibleId: boarderId, deliberate: false }), 201);
    const day = ok(await report({ assetId: bed.id, responsibleType: 'student', responsibleId: dayStudentId, deliberate: false }), 201);
    expect(owed).toMatchObject({ boarder: true, flagged: true, amountFen: 45_000 });
    expect(day).toMatchObject({ boarder: false, flagged: false });
    const flagged = ok(await w.dorm.get('/api/v1/damage-reports?flagged=true&limit=200')).items.map((x: { id: number }) => x.id);
    expect(flagged).toContain(owed.id);
    expect(flagged).not.toContain(day.id);
    const students = ok(await w.dorm.get('/api/v1/damage-reports/outstanding-students')).items;
    const me = students.find((s: { studentId: number }) => s.studentId === boarderId);
    expect(me).toMatchObject({ boarder: true, name: '李小龙', className: '8年级3班' });
    expect(me.outstandingFen).toBeGreaterThanOrEqual(45_000);
    expect(students.some((s: { studentId: number }) => s.studentId === dayStudentId)).toBe(false);
    expect(ok(await w.dorm.get('/api/v1/damage-reports/outstanding-students?all=true')).items.some((s: { studentId: number }) => s.studentId === dayStudentId)).toBe(true);

    // Pay everything the boarder owes: no longer flagged.
    const mine = ok(await w.director.get(`/api/v1/damage-reports?responsibleType=student&state=outstanding&limit=200`)).items
      .filter((x: { responsibleId: number }) => x.responsibleId === boarderId);
    for (const r of mine) {
      ok(await w.accountant.post(`/api/v1/damage-reports/${r.id}/payments`, { amountFen: r.outstandingFen, paidOn: '2026-11-16', receiptNo: `BD${r.id}`, receivedById: w.ids.accountant }), 201);
    }
    expect(ok(await w.dorm.get('/api/v1/damage-reports/outstanding-students')).items.some((s: { studentId: number }) => s.studentId === boarderId)).toBe(false);
    expect(ok(await w.dorm.get(`/api/v1/damage-reports/${owed.id}`))).toMatchObject({ state: 'paid', flagged: false, boarder: true });
  });
});

describe('who reports and who sees', () => {
  it('a teacher reports what they found and sees their own reports only', async () => {
    const desk = await asset(w, { name: '讲桌', classCode: '601', unitPriceFen: 150_000 });
    const mine = ok(await report({ assetId: desk.id, deliberate: false, responsibleType: 'unknown', responsibleId: null }, w.teacher), 201);
    expect(mine).toMatchObject({ foundById: w.ids.teacher, reportedById: w.ids.teacher, state: 'no_party', actions: [] });
    const seen = ok(await w.teacher.get('/api/v1/damage-reports?limit=200')).items;
    expect(seen.every((x: { foundById: number; reportedById: number }) => x.foundById === w.ids.teacher || x.reportedById === w.ids.teacher)).toBe(true);
    const someone = ok(await w.director.get('/api/v1/damage-reports?limit=1')).items[0];
    if (someone.reportedById !== w.ids.teacher && someone.foundById !== w.ids.teacher) expect((await w.teacher.get(`/api/v1/damage-reports/${someone.id}`)).status).toBe(404);
    expect((await w.teacher.post(`/api/v1/damage-reports/${mine.id}/cancel`, { reason: '误报' })).status).toBe(403);
    // The keeper sets the party later: the amount is computed again.
    const edited = ok(await w.storekeeper.patch(`/api/v1/damage-reports/${mine.id}`, { responsibleType: 'staff', responsibleId: w.ids.headTeacher, version: mine.version }));
    // 讲桌 1500 元, class 601 (15 years = 180 months), 31 months depreciated: 150000 − 31 × 833 = 124177; half, rounded up: 62089.
    expect(edited).toMatchObject({ state: 'outstanding', amountFen: 62_089 });
    expect((await w.storekeeper.patch(`/api/v1/damage-reports/${mine.id}`, { deliberate: true, version: mine.version })).status).toBe(409);
    expect((await w.inspector.post('/api/v1/damage-reports', {})).status).toBe(403);
  });
});
