import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { isResidentId } from '../../../contracts/safetyGate';
import { gateWorld, ok, shanghai, GATE_MODULES, type GateWorld } from './gate.fixture';
import { flagOverstays } from './gate.visitors';

/* The visitor register: the ID number never leaves the server whole (lists, details, the Excel
 * export, the audit log, the table itself), a returning visitor is found by the full number,
 * a visitor leaves once, and those still inside after the day's end are flagged. */

const MON_9 = shanghai('2026-11-16T09:00');
const clock = manualClock(MON_9);
let t: TestApp;
let w: GateWorld;

// GB 11643 examples with correct check digits (invented people).
const ID_A = '11010519491231002X';
const ID_B = '440524198001010013';
const PARTS = [ID_A, ID_A.slice(0, 14), ID_A.slice(2, 16), ID_B, ID_B.slice(0, 14)];

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: GATE_MODULES });
  w = await gateWorld(t);
});
afterAll(async () => t.close());
beforeEach(() => clock.set(MON_9));

const register = (extra: Record<string, unknown> = {}) => w.guard.post('/api/v1/visitors', {
  name: '周来访', idType: 'resident_id', idNumber: ID_A, phone: '13812345678', organisation: '县疾控中心', reason: '学校卫生检查',
  hostId: w.s.users.director.id, hostConfirmed: true, plate: '黔H·A1234', badgeNo: 'F07', ...extra,
});
const leaks = (text: string) => PARTS.filter((p) => text.includes(p));

describe('the ID number', () => {
  it('checks a resident ID by GB 11643 (length, birth date, check digit)', () => {
    expect(isResidentId(ID_A)).toBe(true);
    expect(isResidentId(ID_A.toLowerCase())).toBe(true);
    expect(isResidentId(ID_B)).toBe(true);
    expect(isResidentId('110105194912310021')).toBe(false); // wrong check digit
    expect(isResidentId('110105194902300028')).toBe(false); // 30 February
    expect(isResidentId('11010519491231002')).toBe(false);
  });

  it('refuses a wrong resident ID, naming the field in both languages', async () => {
    const zh = await register({ idNumber: '110105194912310021' });
    expect(zh.status).toBe(400);
    expect(zh.json.error.fields).toEqual([{ path: 'idNumber', message: expect.stringContaining('校验位') }]);
    const en = await w.guard.request('POST', '/api/v1/visitors', { name: 'x', idNumber: '1234', phone: '13812345678', reason: 'x' }, { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.json.error.fields[0]).toMatchObject({ path: 'idNumber', message: expect.stringContaining('check digit') });
  });

  it('is shown masked (last 4) in the answer, the list and the detail; the table keeps only the mask and a keyed hash', async () => {
    const v = ok(await register(), 201);
    expect(v.idMasked).toBe('**************002X');
    expect(v).toMatchObject({ name: '周来访', plate: '黔HA1234', hostConfirmed: true, inside: true, overstay: false });
    expect(leaks(JSON.stringify(v))).toEqual([]);
    const list = await w.guard.get('/api/v1/visitors?limit=200');
    expect(list.status).toBe(200);
    expect(list.json.items.map((x: { id: number }) => x.id)).toContain(v.id);
    expect(leaks(list.body)).toEqual([]);
    const detail = await w.director.get(`/api/v1/visitors/${v.id}`);
    expect(detail.json.idMasked).toBe('**************002X');
    expect(leaks(detail.body)).toEqual([]);
    const [row] = await rowsOf<Record<string, unknown>>(t.db, sql`SELECT * FROM visitors WHERE school_id = ${w.s.schoolId} AND id = ${v.id}`);
    expect(leaks(JSON.stringify(row))).toEqual([]);
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await rowsOf<Record<string, unknown>>(t.db, sql`SELECT before, after FROM audit_log WHERE school_id = ${w.s.schoolId} AND entity = 'visitor'`);
    expect(audit.length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(audit))).toEqual([]);
  });

  it('never appears in the Excel export (parsed here), which shows the masked number', async () => {
    ok(await register({ name: '吴导出', idNumber: ID_B }), 201);
    const res = await w.guard.get('/api/v1/visitors/export.xlsx');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
    expect(cells.length).toBeGreaterThan(20);
    expect(leaks(cells.join('|'))).toEqual([]);
    expect(cells).toContain('吴导出');
    expect(cells).toContain('**************0013');
    expect(cells).toContain('证件号码（后四位）');
  });

  it('finds a returning visitor by the full number (hash), not by another number nor in another school', async () => {
    const v = ok(await register({ name: '郑回访', idNumber: ID_B.toLowerCase() }), 201);
    const found = ok(await w.guard.post('/api/v1/visitors/find-by-id', { idType: 'resident_id', idNumber: ID_B }));
    expect(found.items.map((x: { id: number }) => x.id)).toContain(v.id);
    expect(found.items.every((x: { idMasked: string }) => x.idMasked === '**************0013')).toBe(true);
    expect(leaks(JSON.stringify(found))).toEqual([]);
    expect(ok(await w.guard.post('/api/v1/visitors/find-by-id', { idType: 'resident_id', idNumber: '110101199003070011' })).items).toEqual([]);
    // The same number as a passport is another document.
    expect(ok(await w.guard.post('/api/v1/visitors/find-by-id', { idType: 'passport', idNumber: ID_B })).items).toEqual([]);
    const t2 = await createTestApp({}, { clock, database: t.database, modules: GATE_MODULES });
    try {
      const w2 = await gateWorld(t2);
      expect(ok(await w2.guard.post('/api/v1/visitors/find-by-id', { idType: 'resident_id', idNumber: ID_B })).items).toEqual([]);
    } finally { await t2.close(); }
  });

  it('accepts other documents with their type', async () => {
    const v = ok(await register({ idType: 'passport', idNumber: 'E12345678', name: 'John Smith' }), 201);
    expect(v).toMatchObject({ idType: 'passport', idMasked: '*****5678' });
  });
});

describe('in and out', () => {
  it('checks a visitor out once; two guards at once record one departure', async () => {
    const v = ok(await register({ name: '冯离校' }), 201);
    clock.advance(40 * 60_000);
    const answers = await Promise.all([
      w.guard.post(`/api/v1/visitors/${v.id}/checkout`, {}), w.director.post(`/api/v1/visitors/${v.id}/checkout`, {}),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const done = ok(await w.guard.get(`/api/v1/visitors/${v.id}`));
    expect(done).toMatchObject({ inside: false, timeOut: new Date(MON_9.getTime() + 40 * 60_000).toISOString() });
    expect((await w.guard.post(`/api/v1/visitors/${v.id}/checkout`, {})).json.error.code).toBe('gate.alreadyOut');
  });

  it('records who confirmed the person visited, once', async () => {
    const v = ok(await register({ hostConfirmed: false }), 201);
    expect(v.hostConfirmed).toBe(false);
    const c = ok(await w.guard.post(`/api/v1/visitors/${v.id}/confirm-host`, {}));
    expect(c.hostConfirmed).toBe(true);
    expect(c.hostConfirmedByName).toBeTruthy();
    expect((await w.guard.post(`/api/v1/visitors/${v.id}/confirm-host`, {})).status).toBe(409);
  });

  it('lists who is inside now and finds by name, phone and plate', async () => {
    const a = ok(await register({ name: '陈在校', phone: '13700001111', plate: '黔A88888' }), 201);
    const b = ok(await register({ name: '褚已走' }), 201);
    ok(await w.guard.post(`/api/v1/visitors/${b.id}/checkout`, {}));
    const inside = ok(await w.guard.get('/api/v1/visitors?inside=true&limit=200')).items.map((x: { id: number }) => x.id);
    expect(inside).toContain(a.id);
    expect(inside).not.toContain(b.id);
    for (const q of ['陈在', '00001111', 'a88888']) {
      const ids = ok(await w.guard.get(`/api/v1/visitors?q=${encodeURIComponent(q)}`)).items.map((x: { id: number }) => x.id);
      expect(ids, q).toEqual([a.id]);
    }
  });

  it('flags visitors still inside after the end of the school day, once', async () => {
    const v = ok(await register({ name: '卫晚走' }), 201);
    expect(v.dueOutAt).toBe(shanghai('2026-11-16T18:00').toISOString());
    clock.set(shanghai('2026-11-16T17:59'));
    expect(ok(await w.guard.get(`/api/v1/visitors/${v.id}`)).overstay).toBe(false);
    expect(await flagOverstays(t.db, clock, { schoolId: w.s.schoolId })).toBe(0);
    clock.set(shanghai('2026-11-16T18:01'));
    expect(ok(await w.guard.get(`/api/v1/visitors/${v.id}`)).overstay).toBe(true);
    const flagged = ok(await w.guard.get('/api/v1/visitors?inside=true&overstay=true&limit=200')).items.map((x: { id: number }) => x.id);
    expect(flagged).toContain(v.id);
    expect(await flagOverstays(t.db, clock, { schoolId: w.s.schoolId })).toBeGreaterThan(0);
    expect(await flagOverstays(t.db, clock, { schoolId: w.s.schoolId })).toBe(0);
    const told = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM notifications WHERE school_id = ${w.s.schoolId} AND user_id = ${w.s.users.guard.id} AND kind = 'gate.notify.overstay'`);
    expect(told[0].n).toBe(1);
  });

  it('is read-only for the inspector and closed to teachers', async () => {
    expect((await w.inspector.get('/api/v1/visitors')).status).toBe(200);
    expect((await w.inspector.post('/api/v1/visitors', {})).json.error.code).toBe('readOnly');
    expect((await w.teacher.get('/api/v1/visitors')).status).toBe(403);
  });
});
