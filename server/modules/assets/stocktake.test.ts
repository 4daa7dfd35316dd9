import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { findCjkFont } from '../../platform/pdf';
import { runDueSchedules } from '../../platform/schedules';
import { processWorld, asset, assetStatus, uploadPhoto, ok, TEST_MODULES, type ProcessWorld } from './process.fixture';
import { codeFromScan, ensureStocktakeSchedules, yearlyStocktakeCheck, STOCKTAKE_SCHEDULE_OWNER, YEARLY_ENTITY } from './stocktake.service';
import type { StocktakeLine, StocktakeReport } from '../../../contracts/assetsProcess';

/*
 * Stocktakes: a plan over 三楼 (301, 302), two counters on their phones, the differences it finds
 * (found, missing, 盘盈, wrong place), idempotent and concurrent counting, the director's resolution
 * rules, closing refused while a difference is open, the frozen report, and the yearly reminder.
 */

const clock = manualClock('2026-11-16T01:00:00Z');
let t: TestApp;
let w: ProcessWorld;

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: TEST_MODULES });
  w = await processWorld(t);
});
afterAll(async () => t.close());

async function plan(extra: Record<string, unknown> = {}) {
  return ok(await w.storekeeper.post('/api/v1/stocktakes', {
    name: '三楼年度盘点', scope: 'locations', locationIds: [w.loc.floor3], counterIds: [w.ids.teacher, w.ids.headTeacher], dueDate: '2026-11-30', ...extra,
  }), 201);
}
const lineOf = (r: StocktakeReport, assetId: number): StocktakeLine | undefined =>
  [...r.found, ...r.wrongPlace, ...r.missing, ...r.pending].find((l) => l.assetId === assetId);

describe('the label QR', () => {
  it('takes the code from a full URL or the bare code', () => {
    expect(codeFromScan('https://houqin.example.cn/assets/code/201-2024-0007')).toBe('201-2024-0007');
    expect(codeFromScan('http://x/a/201-2024-0007?from=label#top')).toBe('201-2024-0007');
    expect(codeFromScan('/assets/code/%E6%A1%8C-01')).toBe('桌-01');
    expect(codeFromScan('  201-2024-0007 ')).toBe('201-2024-0007');
  });
});

describe('a stocktake with two counters', () => {
  let st: { id: number };
  const a: Record<string, { id: number; code: string }> = {};
  let surplusId = 0;

  beforeAll(async () => {
    a.desk301 = await asset(w, { name: '讲台', classCode: '601', locationId: w.loc.room301 });
    a.pc301 = await asset(w, { name: '教室电脑', locationId: w.loc.room301 });
    a.projector302 = await asset(w, { name: '投影仪', classCode: '208', locationId: w.loc.room302 });
    a.lost302 = await asset(w, { name: '音箱', classCode: '208', locationId: w.loc.room302 });
    a.stray301 = await asset(w, { name: '打印机', classCode: '202', locationId: w.loc.room301 });
    a.fromStore = await asset(w, { name: '移动展板', classCode: '602', unitPriceFen: 50_000, locationId: w.loc.store });
    st = await plan();
  });

  it('plans, then starts with the expected list of the scope (not the store room, not disposed)', async () => {
    expect(st).toMatchObject({ state: 'planned', scope: 'locations', actions: expect.arrayContaining(['start', 'edit']) });
    expect(st.id).toBeGreaterThan(0);
    // Counting before start is refused.
    const early = await w.teacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, code: a.desk301.code });
    expect(early.status).toBe(409);
    const started = ok(await w.storekeeper.post(`/api/v1/stocktakes/${st.id}/start`, {}));
    expect(started.state).toBe('counting');
    expect(started.summary).toMatchObject({ expected: 5, counted: 0, pending: 5 });
    // The counters were told and tasked.
    const rooms = ok(await w.teacher.get(`/api/v1/stocktakes/${st.id}/rooms`)).items;
    const byId = new Map(rooms.map((r: { locationId: number }) => [r.locationId, r]));
    expect(byId.get(w.loc.room301)).toMatchObject({ expected: 3, counted: 0 });
    expect(byId.get(w.loc.room302)).toMatchObject({ expected: 2, counted: 0 });
    expect(byId.has(w.loc.store)).toBe(false);
  });

  it('counter 1 ticks room 301 by the label URL and by the bare code', async () => {
    const r1 = ok(await w.teacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, code: `https://houqin.example.cn/assets/code/${encodeURIComponent(a.desk301.code)}` }));
    expect(r1).toMatchObject({ changed: true, line: { assetId: a.desk301.id, result: 'found', countedById: w.ids.teacher } });
    const r2 = ok(await w.teacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, code: a.pc301.code }));
    expect(r2.line.result).toBe('found');
  });

  it('counter 2 counts the same asset again: one count, no error, the first counter kept', async () => {
    const again = ok(await w.headTeacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, assetId: a.desk301.id }));
    expect(again).toMatchObject({ changed: false, line: { result: 'found', countedById: w.ids.teacher } });
  });

  it('counter 2 counts room 302: found, wrong place (registered in 301), and an asset from outside the scope', async () => {
    ok(await w.headTeacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room302, assetId: a.projector302.id }));
    const stray = ok(await w.headTeacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room302, code: a.stray301.code }));
    expect(stray.line).toMatchObject({ result: 'wrong_place', expected: true, expectedLocationId: w.loc.room301, foundLocationId: w.loc.room302 });
    expect(stray.line.foundLocationPath).toContain('302教室');
    const outside = ok(await w.headTeacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room302, code: a.fromStore.code }));
    expect(outside.line).toMatchObject({ result: 'wrong_place', expected: false, expectedLocationId: w.loc.store });
    const lines = ok(await w.headTeacher.get(`/api/v1/stocktakes/${st.id}/lines?locationId=${w.loc.room302}`)).items as StocktakeLine[];
    expect(lines.map((l) => l.assetId).sort()).toEqual([a.projector302.id, a.lost302.id, a.stray301.id, a.fromStore.id].sort());
  });

  it('records an unregistered item (盘盈) only with a photo', async () => {
    const noPhoto = await w.headTeacher.post(`/api/v1/stocktakes/${st.id}/surplus`, { locationId: w.loc.room302, name: '旧台灯', photoIds: [] });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.json.error.fields[0].path).toBe('photoIds');
    const photo = await uploadPhoto(w.headTeacher);
    const x = ok(await w.headTeacher.post(`/api/v1/stocktakes/${st.id}/surplus`, { locationId: w.loc.room302, name: '旧台灯', description: '讲台下，无标签', photoIds: [photo] }), 201);
    expect(x).toMatchObject({ name: '旧台灯', locationId: w.loc.room302, foundById: w.ids.headTeacher, resolution: null });
    expect(x.photos).toHaveLength(1);
    surplusId = x.id;
  });

  it('refuses what is wrong, naming the field', async () => {
    const out = await w.teacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.store, code: a.fromStore.code });
    expect(out.status).toBe(400);
    expect(out.json.error.fields[0].path).toBe('locationId');
    const unknown = await w.teacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, code: 'NO-SUCH-CODE' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 'stocktake.assetUnknown', fields: [{ path: 'code' }] });
    expect(unknown.json.error.message).toContain('NO-SUCH-CODE');
    const none = await w.teacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301 });
    expect(none.status).toBe(400);
    // Not a counter: the accountant reads stocktakes but does not count this one.
    expect((await w.accountant.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, assetId: a.pc301.id })).status).toBe(403);
    // The inspector may read but never count.
    expect((await w.inspector.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, assetId: a.pc301.id })).status).toBe(403);
  });

  it('ends counting: what nobody found is missing; the report lists found, missing, 盘盈 and wrong place', async () => {
    const ended = ok(await w.storekeeper.post(`/api/v1/stocktakes/${st.id}/end-counting`, {}));
    expect(ended.state).toBe('reviewing');
    expect(ended.summary).toEqual({ expected: 5, counted: 5, found: 3, wrongPlace: 2, missing: 1, pending: 0, surplus: 1, unresolved: 4 });
    const report = ok(await w.director.get(`/api/v1/stocktakes/${st.id}/report`)) as StocktakeReport;
    expect(report.frozen).toBe(false);
    expect(report.found.map((l) => l.assetId).sort()).toEqual([a.desk301.id, a.pc301.id, a.projector302.id].sort());
    expect(report.missing.map((l) => l.assetId)).toEqual([a.lost302.id]);
    expect(report.wrongPlace.map((l) => l.assetId).sort()).toEqual([a.stray301.id, a.fromStore.id].sort());
    expect(report.surplus.map((x) => x.name)).toEqual(['旧台灯']);
    expect(report.counters).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: w.ids.teacher, counted: 2 }), expect.objectContaining({ id: w.ids.headTeacher, counted: 3 }),
    ]));
    // No more counting.
    expect((await w.teacher.post(`/api/v1/stocktakes/${st.id}/count`, { locationId: w.loc.room301, assetId: a.lost302.id })).status).toBe(409);
  });

  it('refuses to close while differences are open', async () => {
    const res = await w.director.post(`/api/v1/stocktakes/${st.id}/close`, {});
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('stocktake.openDifferences');
    expect(res.json.error.message).toContain('4');
    expect(ok(await w.director.get(`/api/v1/stocktakes/${st.id}`)).state).toBe('reviewing');
  });

  it('resolution rules: move only wrong places, write off only missing, accept needs a note, register one 盘盈', async () => {
    const report = ok(await w.director.get(`/api/v1/stocktakes/${st.id}/report`)) as StocktakeReport;
    const missing = lineOf(report, a.lost302.id)!;
    const stray = lineOf(report, a.stray301.id)!;
    const fromStore = lineOf(report, a.fromStore.id)!;
    // Only the director (or admin) resolves.
    expect((await w.storekeeper.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [stray.id], resolution: 'move' })).status).toBe(403);
    // Rules.
    const moveMissing = await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [missing.id], resolution: 'move' });
    expect(moveMissing.status).toBe(400);
    expect(moveMissing.json.error.code).toBe('stocktake.resolutionNotFor');
    const writeOffStray = await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [stray.id], resolution: 'write_off' });
    expect(writeOffStray.status).toBe(400);
    const acceptNoNote = await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [fromStore.id], resolution: 'accept' });
    expect(acceptNoNote.status).toBe(400);
    expect(acceptNoNote.json.error.fields[0].path).toBe('note');
    const registerLine = await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [stray.id], resolution: 'register', asset: { classCode: '206', unitPriceFen: 3000, acquiredOn: '2020-01-01' } });
    expect(registerLine.status).toBe(400);
    // Nothing changed by the refusals.
    expect(ok(await w.director.get(`/api/v1/stocktakes/${st.id}`)).summary.unresolved).toBe(4);

    // Move: the asset is transferred to the room it was found in (history kept by the register).
    const moved = ok(await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [stray.id], resolution: 'move' }));
    expect(moved).toMatchObject({ resolved: 1, disposalId: null });
    const card = ok(await w.director.get(`/api/v1/assets/${a.stray301.id}`));
    expect(card.locationId).toBe(w.loc.room302);
    expect(card.events.some((e: { kind: string }) => e.kind === 'transferred')).toBe(true);
    // The same line again, twice at once: one 409 each, nothing moves twice.
    const again = await Promise.all([1, 2].map(() => w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [stray.id], resolution: 'accept', note: '再次' })));
    expect(again.map((r) => r.status)).toEqual([409, 409]);

    // Write off: a disposal request for the missing asset, which becomes 待报废.
    const off = ok(await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [missing.id], resolution: 'write_off', note: '多方查找未果' }));
    expect(off.disposalId).toBeGreaterThan(0);
    const disposal = ok(await w.director.get(`/api/v1/disposals/${off.disposalId}`));
    expect(disposal).toMatchObject({ state: 'pending', way: 'scrap', stocktakeId: st.id, items: [expect.objectContaining({ assetId: a.lost302.id })] });
    expect(disposal.reason).toContain('多方查找未果');
    expect(await assetStatus(w, a.lost302.id)).toBe('pending_disposal');

    // Accept as is, with a note (the register is left alone).
    ok(await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { lineIds: [fromStore.id], resolution: 'accept', note: '临时借用，用后归还仓库' }));
    expect(ok(await w.director.get(`/api/v1/assets/${a.fromStore.id}`)).locationId).toBe(w.loc.store);

    // Register the 盘盈: a new card in the room it was found in; a bad card names the field under `asset`.
    const bad = await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { surplusIds: [surplusId], resolution: 'register', asset: { classCode: '999999', unitPriceFen: 3000, acquiredOn: '2020-01-01' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toMatch(/^asset\./);
    const reg = ok(await w.director.post(`/api/v1/stocktakes/${st.id}/resolve`, { surplusIds: [surplusId], resolution: 'register', asset: { classCode: '206', unitPriceFen: 3000, acquiredOn: '2020-01-01', lowValue: true } }));
    expect(reg.assetId).toBeGreaterThan(0);
    const newCard = ok(await w.director.get(`/api/v1/assets/${reg.assetId}`));
    expect(newCard).toMatchObject({ name: '旧台灯', locationId: w.loc.room302, lowValue: true });
  });

  it('closes once every difference is resolved, freezing the report (screen, Excel, PDF)', async () => {
    const [c1, c2] = await Promise.all([1, 2].map(() => w.director.post(`/api/v1/stocktakes/${st.id}/close`, {})));
    expect([c1.status, c2.status].sort()).toEqual([200, 409]);
    const closed = ok(await w.director.get(`/api/v1/stocktakes/${st.id}`));
    expect(closed.state).toBe('closed');
    expect(closed.closedAt).toBeTruthy();
    const report = ok(await w.director.get(`/api/v1/stocktakes/${st.id}/report`)) as StocktakeReport;
    expect(report.frozen).toBe(true);
    expect(report.summary.unresolved).toBe(0);
    expect(lineOf(report, a.stray301.id)).toMatchObject({ resolution: 'move', resolvedByName: expect.any(String) });
    expect(report.surplus[0]).toMatchObject({ resolution: 'register', registeredAssetCode: expect.any(String) });
    // Frozen: a rename of the room later does not change the report.
    await w.admin.patch(`/api/v1/locations/${w.loc.room302}`, { name: '302多媒体教室' });
    const later = ok(await w.director.get(`/api/v1/stocktakes/${st.id}/report`)) as StocktakeReport;
    expect(lineOf(later, a.projector302.id)!.expectedLocationPath).toBe(lineOf(report, a.projector302.id)!.expectedLocationPath);

    const xlsx = await w.director.get(`/api/v1/stocktakes/${st.id}/report.xlsx`);
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const details = wb.worksheets[1];
    const codes: string[] = [];
    details.eachRow((row, i) => { if (i > 1) codes.push(String(row.getCell(2).value ?? '')); });
    expect(codes).toEqual(expect.arrayContaining([a.lost302.code, a.stray301.code, a.desk301.code]));
    const pdf = await w.director.get(`/api/v1/stocktakes/${st.id}/report.pdf`);
    if (findCjkFont()) {
      expect(pdf.status).toBe(200);
      expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      expect(pdf.status, 'no CJK font on this machine: the PDF answers 503').toBe(503);
    }
  });
});

describe('counting at the same time', () => {
  let id: number;
  let x: { id: number; code: string };
  beforeAll(async () => {
    x = await asset(w, { name: '实物展台', classCode: '301', locationId: w.loc.room301 });
    id = (await plan({ name: '并发盘点' })).id;
    ok(await w.storekeeper.post(`/api/v1/stocktakes/${id}/start`, {}));
  });

  it('two counters ticking one asset twenty times at once: one count, no errors', async () => {
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? w.teacher : w.headTeacher)
      .post(`/api/v1/stocktakes/${id}/count`, { locationId: w.loc.room301, code: x.code })));
    expect(res.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(res.filter((r) => r.json.changed)).toHaveLength(1);
    const [line] = await rowsOf<{ result: string; version: number; n: number }>(t.db, sql`SELECT l.result, l.version,
      (SELECT count(*)::int FROM stocktake_counts k WHERE k.school_id = l.school_id AND k.stocktake_id = l.stocktake_id AND k.asset_id = l.asset_id) AS n
      FROM stocktake_lines l WHERE l.school_id = ${w.s.schoolId} AND l.stocktake_id = ${id} AND l.asset_id = ${x.id}`);
    expect(line).toMatchObject({ result: 'found', version: 2, n: 1 });
  });

  it('ticks and unticks at once lose no update: the line says what the last recorded change says', async () => {
    const ops = Array.from({ length: 30 }, (_, i) => (i % 2
      ? w.teacher.post(`/api/v1/stocktakes/${id}/uncount`, { assetId: x.id })
      : w.headTeacher.post(`/api/v1/stocktakes/${id}/count`, { locationId: i % 4 ? w.loc.room301 : w.loc.room302, assetId: x.id })));
    const res = await Promise.all(ops);
    expect(res.map((r) => r.status)).toEqual(Array(30).fill(200));
    const changed = res.filter((r) => r.json.changed).length;
    const [line] = await rowsOf<{ result: string; found_location_id: number | null; version: number }>(t.db, sql`SELECT result, found_location_id, version FROM stocktake_lines
      WHERE school_id = ${w.s.schoolId} AND stocktake_id = ${id} AND asset_id = ${x.id}`);
    const log = await rowsOf<{ action: string; location_id: number | null; result: string }>(t.db, sql`SELECT action, location_id, result FROM stocktake_counts
      WHERE school_id = ${w.s.schoolId} AND stocktake_id = ${id} AND asset_id = ${x.id} ORDER BY id`);
    // Every change was logged once (1 from the test above), and the line's version counts every change.
    expect(log.length).toBe(changed + 1);
    expect(line.version).toBe(log.length + 1);
    const last = log[log.length - 1];
    expect(line.result).toBe(last.action === 'uncount' ? 'pending' : last.result);
    expect(line.found_location_id).toBe(last.action === 'uncount' ? null : last.location_id);
  });

  it('untick of an asset found from outside the list removes its line; of a listed one, back to not counted', async () => {
    const outsider = await asset(w, { name: '外借投影幕', classCode: '208', locationId: w.loc.store });
    ok(await w.teacher.post(`/api/v1/stocktakes/${id}/count`, { locationId: w.loc.room302, assetId: outsider.id }));
    const gone = ok(await w.teacher.post(`/api/v1/stocktakes/${id}/uncount`, { assetId: outsider.id }));
    expect(gone).toEqual({ line: null, changed: true });
    ok(await w.teacher.post(`/api/v1/stocktakes/${id}/count`, { locationId: w.loc.room301, assetId: x.id }));
    const back = ok(await w.teacher.post(`/api/v1/stocktakes/${id}/uncount`, { assetId: x.id }));
    expect(back).toMatchObject({ changed: true, line: { result: 'pending', countedById: null } });
    expect(ok(await w.teacher.post(`/api/v1/stocktakes/${id}/uncount`, { assetId: x.id })).changed).toBe(false);
  });

  it('ending counting waits for nobody and then refuses counts; resume puts missing back to not counted', async () => {
    ok(await w.storekeeper.post(`/api/v1/stocktakes/${id}/end-counting`, {}));
    expect((await w.teacher.post(`/api/v1/stocktakes/${id}/count`, { locationId: w.loc.room301, assetId: x.id })).status).toBe(409);
    const resumed = ok(await w.storekeeper.post(`/api/v1/stocktakes/${id}/resume-counting`, {}));
    expect(resumed.state).toBe('counting');
    expect(resumed.summary.missing).toBe(0);
    ok(await w.storekeeper.post(`/api/v1/stocktakes/${id}/cancel`, { reason: '测试结束' }));
  });
});

describe('who sees a stocktake', () => {
  it('counters and leaders see it; other staff do not', async () => {
    const st = await plan({ name: '可见性', counterIds: [w.ids.teacher] });
    expect((await w.teacher.get(`/api/v1/stocktakes/${st.id}`)).status).toBe(200);
    expect((await w.headTeacher.get(`/api/v1/stocktakes/${st.id}`)).status).toBe(404);
    expect(ok(await w.headTeacher.get('/api/v1/stocktakes')).items.some((x: { id: number }) => x.id === st.id)).toBe(false);
    expect((await w.inspector.get(`/api/v1/stocktakes/${st.id}`)).status).toBe(200);
    expect((await w.inspector.post(`/api/v1/stocktakes/${st.id}/start`, {})).status).toBe(403);
  });

  it('a stale plan edit is refused with 409', async () => {
    const st = await plan({ name: '改计划' });
    ok(await w.storekeeper.patch(`/api/v1/stocktakes/${st.id}`, { dueDate: '2026-12-15', version: st.version }));
    const stale = await w.storekeeper.patch(`/api/v1/stocktakes/${st.id}`, { name: '旧版本', version: st.version });
    expect(stale.status).toBe(409);
    const badCounter = await w.storekeeper.patch(`/api/v1/stocktakes/${st.id}`, { counterIds: [999_999], version: st.version + 1 });
    expect(badCounter.status).toBe(400);
    expect(badCounter.json.error.fields[0].path).toBe('counterIds.0');
  });
});

describe('at least one stocktake a year', () => {
  it('the monthly look tasks the director when none was closed in the last year, once', async () => {
    const yearClock = manualClock('2026-11-16T01:00:00Z');
    const handlers = { [STOCKTAKE_SCHEDULE_OWNER]: async (tx: Parameters<typeof yearlyStocktakeCheck>[0], due: { schoolId: number; dueAt: Date }) => { await yearlyStocktakeCheck(tx, due); } };
    expect(await ensureStocktakeSchedules(t.db, yearClock, { schoolId: w.s.schoolId })).toBe(1);
    expect(await ensureStocktakeSchedules(t.db, yearClock, { schoolId: w.s.schoolId })).toBe(0);
    const tasks = async () => (await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM tasks WHERE school_id = ${w.s.schoolId} AND entity = ${YEARLY_ENTITY} AND state = 'open'`))[0].n;
    // The stocktake closed above (2026-11-16) counts: December's look finds it.
    yearClock.set('2026-12-01T00:30:00Z');
    await runDueSchedules(t.db, yearClock, handlers, { schoolId: w.s.schoolId });
    expect(await tasks()).toBe(0);
    // A year and a bit later, nothing closed since: a task for the director, not repeated the month after.
    yearClock.set('2027-12-01T00:30:00Z');
    await runDueSchedules(t.db, yearClock, handlers, { schoolId: w.s.schoolId });
    expect(await tasks()).toBe(1);
    yearClock.set('2028-01-01T00:30:00Z');
    await runDueSchedules(t.db, yearClock, handlers, { schoolId: w.s.schoolId });
    expect(await tasks()).toBe(1);
    const [task] = await rowsOf<{ role: string; kind: string }>(t.db, sql`SELECT role, kind FROM tasks WHERE school_id = ${w.s.schoolId} AND entity = ${YEARLY_ENTITY}`);
    expect(task).toMatchObject({ role: 'director', kind: 'stocktake.task.yearly' });
  });
});
