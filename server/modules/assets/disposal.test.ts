import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { processWorld, asset, assetStatus, ok, decide, TEST_MODULES, type ProcessWorld } from './process.fixture';

/*
 * Disposal requests through the approval engine: the chain grows with the amount (the sum of the
 * assets' original values) and above the school's threshold needs a collective decision; while
 * pending the assets are 待报废 and in one open request only; approved → carried out once → 已处置,
 * off the register's lists; rejected → back to their status; returned → edited and sent again.
 */

const clock = manualClock('2026-11-16T01:00:00Z');
let t: TestApp;
let w: ProcessWorld;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: TEST_MODULES });
  w = await processWorld(t);
});
afterAll(async () => t.close());

const request = (assetIds: number[], extra: Record<string, unknown> = {}) =>
  w.storekeeper.post('/api/v1/disposals', { assetIds, way: 'scrap', reason: '超过使用年限，主板损坏无法修复', ...extra });
const stepsOf = async (approvalId: number) => rowsOf<{ role: string; decision: string | null; round: number }>(t.db, sql`
  SELECT role, decision, round FROM approval_steps WHERE school_id = ${w.s.schoolId} AND approval_id = ${approvalId} ORDER BY round, position`);
const carry = (id: number, body: Record<string, unknown> = {}) =>
  w.storekeeper.post(`/api/v1/disposals/${id}/carry-out`, { date: '2026-11-20', recipient: '县再生资源回收公司', proceedsFen: 12_000, note: '过磅称重', ...body });

describe('a small disposal: one step, carried out once', () => {
  it('pending → approved by the vice principal → carried out: the assets are disposed and leave the register\'s lists', async () => {
    const pc = await asset(w, { name: '旧电脑', unitPriceFen: 300_000, status: 'idle' });
    const d = ok(await request([pc.id]), 201);
    expect(d).toMatchObject({ state: 'pending', totalOriginalFen: 300_000, assetCount: 1, approval: { state: 'pending', stepRole: 'vice_principal' } });
    expect(d.code).toMatch(/^BF-2026-\d{3}$/);
    expect(await assetStatus(w, pc.id)).toBe('pending_disposal');
    expect(d.items[0]).toMatchObject({ assetId: pc.id, previousStatus: 'idle', originalValueFen: 300_000 });
    expect((await stepsOf(d.approval.approvalId)).map((s) => s.role)).toEqual(['vice_principal']);

    // Not yet approved: nothing to carry out.
    expect((await carry(d.id)).status).toBe(409);
    ok(await decide(w.vice, d.approval.approvalId, 'approve'));
    const approved = ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`));
    expect(approved).toMatchObject({ state: 'approved', approval: { state: 'approved' }, actions: ['carryOut'] });

    // Bad input names the field; a double click carries it out once.
    const bad = await carry(d.id, { proceedsFen: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toBe('proceedsFen');
    const [a, b] = await Promise.all([carry(d.id), carry(d.id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const done = ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`));
    expect(done).toMatchObject({ state: 'done', carriedOutOn: '2026-11-20', recipient: '县再生资源回收公司', proceedsFen: 12_000, actions: [] });
    expect(done.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'approved', 'carriedOut']);
    const card = ok(await w.director.get(`/api/v1/assets/${pc.id}`));
    expect(card.status).toBe('disposed');
    expect(card.events.filter((e: { kind: string; refKind: string }) => e.kind === 'status' && e.refKind === 'disposal')).toHaveLength(2);
    const listed = ok(await w.director.get(`/api/v1/assets?q=${encodeURIComponent(pc.code)}`)).items;
    expect(listed.some((x: { id: number }) => x.id === pc.id)).toBe(false);
    const history = ok(await w.director.get(`/api/v1/assets?status=disposed&q=${encodeURIComponent(pc.code)}`)).items;
    expect(history.map((x: { id: number }) => x.id)).toEqual([pc.id]);
    // The list's export holds it.
    const xlsx = await w.accountant.get('/api/v1/disposals/export?state=done');
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const codes: string[] = [];
    wb.worksheets[0].eachRow((row, i) => { if (i > 1) codes.push(String(row.getCell(1).value)); });
    expect(codes).toContain(d.code);
  });
});

describe('bigger disposals need more steps and, above the threshold, a collective decision', () => {
  it('≥ 5,000 元: vice principal then principal', async () => {
    const ids = [(await asset(w, { unitPriceFen: 300_000 })).id, (await asset(w, { unitPriceFen: 300_000 })).id];
    const d = ok(await request(ids), 201);
    expect(d.totalOriginalFen).toBe(600_000);
    expect((await stepsOf(d.approval.approvalId)).map((s) => s.role)).toEqual(['vice_principal', 'principal']);
    ok(await decide(w.vice, d.approval.approvalId, 'approve'));
    expect(ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`))).toMatchObject({ state: 'pending', approval: { stepRole: 'principal' } });
    ok(await decide(w.principal, d.approval.approvalId, 'approve'));
    expect(ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`)).state).toBe('approved');
  });

  it('> 10,000 元 (the school\'s threshold): the last step waits for the recorded collective decision', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await asset(w, { name: '多媒体一体机', classCode: '208', unitPriceFen: 450_000 })).id);
    const d = ok(await request(ids, { way: 'transfer_out', reason: '调拨给中心小学使用' }), 201);
    expect(d.totalOriginalFen).toBe(1_350_000);
    ok(await decide(w.vice, d.approval.approvalId, 'approve'));
    const early = await decide(w.principal, d.approval.approvalId, 'approve');
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('approvals.collectiveDecisionRequired');
    ok(await w.principal.post(`/api/v1/approvals/${d.approval.approvalId}/collective-decision`, {
      meetingDate: '2026-11-15', attendees: '校长、副校长、总务主任、会计', resolution: '同意调拨 3 台一体机给中心小学',
    }));
    ok(await decide(w.principal, d.approval.approvalId, 'approve'));
    expect(ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`)).state).toBe('approved');
  });
});

describe('rejected and returned', () => {
  it('rejected: every asset goes back to the status it had', async () => {
    const idle = await asset(w, { name: '旧投影仪', classCode: '208', unitPriceFen: 200_000, status: 'idle' });
    const repairing = await asset(w, { name: '旧打印机', classCode: '202', unitPriceFen: 100_000, status: 'under_repair' });
    const d = ok(await request([idle.id, repairing.id]), 201);
    expect(await assetStatus(w, idle.id)).toBe('pending_disposal');
    // The applicant cannot decide their own request.
    expect((await decide(w.storekeeper, d.approval.approvalId, 'reject', '自己')).status).toBe(403);
    ok(await decide(w.vice, d.approval.approvalId, 'reject', '仍可维修使用'));
    expect(ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`))).toMatchObject({ state: 'rejected', actions: [] });
    expect(await assetStatus(w, idle.id)).toBe('idle');
    expect(await assetStatus(w, repairing.id)).toBe('under_repair');
    // Free again: a new request may take them.
    ok(await request([idle.id]), 201);
  });

  it('returned: edited (an asset out, one in) and submitted again as a new round of the same approval', async () => {
    const a1 = await asset(w, { name: '旧课桌', classCode: '601', unitPriceFen: 120_000 });
    const a2 = await asset(w, { name: '旧书柜', classCode: '601', unitPriceFen: 150_000, status: 'idle' });
    const a3 = await asset(w, { name: '旧讲台', classCode: '601', unitPriceFen: 180_000 });
    const d = ok(await request([a1.id, a2.id]), 201);
    ok(await decide(w.vice, d.approval.approvalId, 'return', '书柜还能用，请换成讲台'));
    const returned = ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`));
    expect(returned).toMatchObject({ state: 'returned', approval: { state: 'returned' }, actions: ['edit', 'resubmit', 'withdraw'] });
    expect(await assetStatus(w, a2.id)).toBe('pending_disposal');
    // Not while pending; a stale version is refused.
    const stale = await w.storekeeper.patch(`/api/v1/disposals/${d.id}`, { assetIds: [a1.id, a3.id], version: returned.version - 1 });
    expect(stale.status).toBe(409);
    const edited = ok(await w.storekeeper.patch(`/api/v1/disposals/${d.id}`, { assetIds: [a1.id, a3.id], reason: '课桌、讲台破损严重', version: returned.version }));
    expect(edited).toMatchObject({ totalOriginalFen: 300_000, assetCount: 2 });
    expect(await assetStatus(w, a2.id)).toBe('idle');
    expect(await assetStatus(w, a3.id)).toBe('pending_disposal');
    const again = ok(await w.storekeeper.post(`/api/v1/disposals/${d.id}/resubmit`, {}));
    expect(again).toMatchObject({ state: 'pending', approval: { approvalId: d.approval.approvalId, state: 'pending' } });
    expect((await stepsOf(d.approval.approvalId)).map((s) => s.round)).toEqual([1, 2]);
    expect((await w.storekeeper.post(`/api/v1/disposals/${d.id}/resubmit`, {})).status).toBe(409);
    ok(await decide(w.vice, d.approval.approvalId, 'approve'));
    expect(ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`)).state).toBe('approved');
  });

  it('a returned request withdrawn: the assets are free again', async () => {
    const a = await asset(w, { name: '旧风扇', classCode: '206', unitPriceFen: 30_000, status: 'idle' });
    const d = ok(await request([a.id]), 201);
    ok(await decide(w.vice, d.approval.approvalId, 'return', '请附鉴定意见'));
    ok(await w.storekeeper.post(`/api/v1/disposals/${d.id}/withdraw`, { reason: '暂不处置' }));
    expect(await assetStatus(w, a.id)).toBe('idle');
    expect(ok(await w.storekeeper.get(`/api/v1/disposals/${d.id}`)).state).toBe('cancelled');
  });
});

describe('an asset in one open request only', () => {
  it('a second request with the same asset is refused, also when both arrive at once', async () => {
    const a = await asset(w, { name: '旧空调', classCode: '206', unitPriceFen: 260_000 });
    ok(await request([a.id]), 201);
    const second = await request([a.id]);
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('disposal.assetInOpenRequest');
    expect(second.json.error.message).toContain(a.code);

    const b = await asset(w, { name: '旧冰柜', classCode: '305', unitPriceFen: 260_000 });
    const both = await Promise.all([request([b.id]), request([b.id])]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const open = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM disposal_items WHERE school_id = ${w.s.schoolId} AND asset_id = ${b.id} AND open`);
    expect(open[0].n).toBe(1);
    // Nothing half-written: the refused request left no row.
    const requests = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM disposal_requests r WHERE r.school_id = ${w.s.schoolId}
      AND EXISTS (SELECT 1 FROM disposal_items i WHERE i.school_id = r.school_id AND i.request_id = r.id AND i.asset_id = ${b.id})`);
    expect(requests[0].n).toBe(1);
  });

  it('an asset waiting for disposal (待报废) cannot be moved or have its status changed by hand', async () => {
    const a = await asset(w, { name: '旧音响', classCode: '208', unitPriceFen: 80_000 });
    ok(await request([a.id]), 201);
    const card = ok(await w.director.get(`/api/v1/assets/${a.id}`));
    expect((await w.storekeeper.post(`/api/v1/assets/${a.id}/transfer`, { locationId: w.loc.store })).status).toBe(409);
    expect((await w.storekeeper.patch(`/api/v1/assets/${a.id}`, { status: 'in_use', version: card.version })).status).toBe(409);
    expect(ok(await w.director.get(`/api/v1/assets/${a.id}`))).toMatchObject({ status: 'pending_disposal', locationId: w.loc.room301 });
  });

  it('a disposed or unknown asset is refused, naming the field', async () => {
    const unknown = await request([999_999]);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields[0].path).toBe('assetIds.0');
    const empty = await request([]);
    expect(empty.status).toBe(400);
  });

  it('only the keepers request; the inspector reads', async () => {
    const a = await asset(w, { unitPriceFen: 10_000 });
    expect((await w.teacher.post('/api/v1/disposals', { assetIds: [a.id], way: 'scrap', reason: 'x' })).status).toBe(403);
    expect((await w.inspector.get('/api/v1/disposals')).status).toBe(200);
    expect((await w.inspector.post('/api/v1/disposals', { assetIds: [a.id], way: 'scrap', reason: 'x' })).status).toBe(403);
  });
});
