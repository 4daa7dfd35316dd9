import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { DEFAULT_REPAIR_SETTINGS } from '../../../contracts/repairs';
import { sweepRepairs } from './repairs.sweep';
import { logPdf } from './repairs.log';
import { findCjkFont } from '../../platform/pdf';
import { repairsWorld, report, ok, type RepairsWorld } from './repairs.fixture';

/* Statistics and the repair log against a small set whose medians are known by hand. */

const clock = manualClock('2026-11-01T00:00:00Z');
let t: TestApp;
let w: RepairsWorld;
const id: Record<string, number> = {};
const MIN = 60_000;

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  w = await repairsWorld(t);
  /** Reported at `at`, accepted `resp` min later, completed `comp` min after the report, rated. */
  const run = async (key: string, at: string, o: { category: string; loc: number; worker: number; resp?: number; comp?: number; rating?: number; items?: unknown[]; hours?: number; urgency?: string }) => {
    clock.set(at);
    const start = clock.now().getTime();
    const order = ok(await report(w.teacher, o.loc, { category: o.category, urgency: o.urgency ?? 'normal' }), 201);
    id[key] = order.id;
    ok(await w.director.post(`/api/v1/repairs/${order.id}/dispatch`, { assigneeId: o.worker }));
    const worker = o.worker === w.ids.worker ? w.worker : w.worker2;
    if (o.resp === undefined) return;
    clock.set(new Date(start + o.resp * MIN));
    ok(await worker.post(`/api/v1/repairs/${order.id}/accept`, {}));
    if (o.comp === undefined) return;
    clock.set(new Date(start + o.comp * MIN));
    ok(await worker.post(`/api/v1/repairs/${order.id}/complete`, { note: '好了', hours: o.hours ?? 1, items: o.items ?? [] }));
    if (o.rating === undefined) return;
    clock.set(new Date(start + (o.comp + 30) * MIN));
    ok(await w.teacher.post(`/api/v1/repairs/${order.id}/confirm`, { rating: o.rating }));
  };
  await run('o1', '2026-11-02T00:00:00Z', { category: 'electric', loc: w.loc.room301, worker: w.ids.worker, resp: 30, comp: 120, rating: 5, hours: 1, items: [{ name: '更换灯管', quantity: 2, unit: '支' }] });
  await run('o2', '2026-11-03T00:00:00Z', { category: 'electric', loc: w.loc.room302, worker: w.ids.worker, resp: 60, comp: 240, rating: 4, hours: 2, items: [{ name: '更换灯管', quantity: 3, unit: '支' }, { name: '更换开关', quantity: 1, unit: '个' }] });
  await run('o3', '2026-11-04T00:00:00Z', { category: 'water', loc: w.loc.canteen, worker: w.ids.worker2, resp: 90, comp: 360, rating: 2, hours: 1.5, items: [{ name: '阀门水嘴', quantity: 1, unit: '只' }], urgency: 'urgent' });
  await run('o4', '2026-11-05T00:00:00Z', { category: 'electric', loc: w.loc.room301, worker: w.ids.worker2, resp: 10 });
  clock.set('2026-11-05T12:00:00Z');
  id.o5 = ok(await report(w.teacher, w.loc.room301, { category: 'water' }), 201).id;
  ok(await w.teacher.post(`/api/v1/repairs/${id.o5}/cancel`, { reason: '重复' }));
  clock.set('2026-11-06T00:00:00Z');
  id.o6 = ok(await report(w.teacher, w.loc.room301, { category: 'furniture' }), 201).id;
  // o6 is not dispatched within a day (and o4 is not finished within 3 days): overdue.
  clock.set('2026-11-09T00:00:01Z');
  await sweepRepairs(t.db, clock, { schoolId: w.s.schoolId });
  clock.set('2026-11-20T00:00:00Z');
}, 120_000);
afterAll(async () => t.close());

const group = (list: { key: string }[], key: string | number) => list.find((g) => g.key === String(key));

describe('statistics', () => {
  it('counts, medians, overdue share and satisfaction, in total and by category, worker, place, building, month', async () => {
    const s = ok(await w.director.get('/api/v1/repairs/stats?from=2026-11-01&to=2026-11-30'));
    expect(s).toMatchObject({ from: '2026-11-01', to: '2026-11-30', termName: null });
    // Five orders (the cancelled one apart); responses 30, 60, 90, 10 → 45; completions 120, 240, 360 → 240.
    expect(s.totals).toEqual({
      count: 5, medianResponseMinutes: 45, medianCompletionMinutes: 240, overdueShare: 0.4,
      averageRating: 3.67, satisfaction: 0.6667, open: 2, closed: 3, cancelled: 1, hours: 4.5,
    });
    expect(group(s.byCategory, 'electric')).toEqual({ key: 'electric', label: '电', count: 3, medianResponseMinutes: 30, medianCompletionMinutes: 180, overdueShare: 0.3333, averageRating: 4.5, satisfaction: 1 });
    expect(group(s.byCategory, 'water')).toMatchObject({ label: '水', count: 1, medianResponseMinutes: 90, medianCompletionMinutes: 360, averageRating: 2, satisfaction: 0 });
    expect(group(s.byCategory, 'furniture')).toMatchObject({ count: 1, medianResponseMinutes: null, medianCompletionMinutes: null, overdueShare: 1, averageRating: null, satisfaction: null });
    expect(s.byCategory[0].key).toBe('electric');
    expect(group(s.byWorker, w.ids.worker)).toMatchObject({ count: 2, medianResponseMinutes: 45, medianCompletionMinutes: 180, averageRating: 4.5 });
    expect(group(s.byWorker, w.ids.worker2)).toMatchObject({ count: 2, medianResponseMinutes: 50, medianCompletionMinutes: 360 });
    expect(group(s.byWorker, '')).toMatchObject({ label: '（未派单）', count: 1 });
    expect(group(s.byLocation, w.loc.room301)).toMatchObject({ label: '教学楼 / 三楼 / 301教室', count: 3 });
    expect(group(s.byBuilding, w.buildingId)).toMatchObject({ label: '教学楼', count: 4 });
    expect(group(s.byBuilding, '')).toMatchObject({ label: '（无楼栋）', count: 1 });
    expect(s.byMonth).toEqual([expect.objectContaining({ key: '2026-11', count: 5 })]);
    expect(s.topLocations[0]).toEqual({ id: w.loc.room301, name: '301教室', path: '教学楼 / 三楼 / 301教室', count: 3 });
    // Most used first (ties in the database's name order).
    expect(s.items[0]).toEqual({ name: '更换灯管', unit: '支', quantity: 5, orders: 2 });
    expect(s.items.slice(1)).toEqual(expect.arrayContaining([
      { name: '阀门水嘴', unit: '只', quantity: 1, orders: 1 },
      { name: '更换开关', unit: '个', quantity: 1, orders: 1 },
    ]));
    expect(s.items).toHaveLength(3);
    const en = ok(await w.director.get('/api/v1/repairs/stats?from=2026-11-01&to=2026-11-30', { 'accept-language': 'en-US' }));
    expect(group(en.byCategory, 'electric')!).toMatchObject({ label: 'Electrical' });
  });

  it('a period is days in the school time zone; by default the current term, else the last 120 days', async () => {
    // 2026-11-02T00:00Z is 08:00 on the 2nd in Shanghai: a period ending on the 1st holds nothing.
    expect(ok(await w.director.get('/api/v1/repairs/stats?from=2026-10-01&to=2026-11-01')).totals.count).toBe(0);
    expect(ok(await w.director.get('/api/v1/repairs/stats?from=2026-11-02&to=2026-11-02')).totals.count).toBe(1);
    const fallback = ok(await w.director.get('/api/v1/repairs/stats'));
    expect(fallback).toMatchObject({ from: '2026-07-24', to: '2026-11-20', termName: null });
    ok(await w.admin.patch('/api/v1/settings/calendar', { values: { terms: [{ name: '2026-2027学年第一学期', start: '2026-09-01', end: '2027-01-20' }] } }));
    const term = ok(await w.director.get('/api/v1/repairs/stats'));
    expect(term).toMatchObject({ from: '2026-09-01', to: '2027-01-20', termName: '2026-2027学年第一学期' });
    expect(term.totals.count).toBe(5);
  });

  it('is for the leaders and the district, not for teachers or workers', async () => {
    expect((await w.teacher.get('/api/v1/repairs/stats')).status).toBe(403);
    expect((await w.worker.get('/api/v1/repairs/stats')).status).toBe(403);
    expect(ok(await w.inspector.get(`/api/v1/repairs/stats?schoolId=${w.s.schoolId}&from=2026-11-01&to=2026-11-30`)).totals.count).toBe(5);
  });
});

describe('the repair log 维修一览表', () => {
  it('lists a worker\'s orders of a period with place, items, times and rating', async () => {
    const log = ok(await w.director.get(`/api/v1/repairs/log?assigneeId=${w.ids.worker}&from=2026-11-01&to=2026-11-30`));
    expect(log.rows.map((r: { id: number }) => r.id)).toEqual([id.o1, id.o2]);
    expect(log.rows[1]).toMatchObject({
      locationPath: '教学楼 / 三楼 / 302教室', acceptedAt: '2026-11-03T01:00:00.000Z', completedAt: '2026-11-03T04:00:00.000Z', hours: 2, rating: 4,
      items: [{ name: '更换灯管', quantity: 3, unit: '支' }, { name: '更换开关', quantity: 1, unit: '个' }],
    });
    expect(log).toMatchObject({ assigneeId: w.ids.worker, totals: { orders: 2, hours: 3, averageRating: 4.5 }, truncated: false });
    // A worker sees only their own log, whoever they ask for.
    const own = ok(await w.worker2.get(`/api/v1/repairs/log?assigneeId=${w.ids.worker}&from=2026-11-01&to=2026-11-30`));
    expect(own.rows.map((r: { id: number }) => r.id)).toEqual([id.o3, id.o4]);
    expect((await w.teacher.get('/api/v1/repairs/log')).status).toBe(403);
  });

  it('exports to Excel', async () => {
    const res = await w.director.get(`/api/v1/repairs/log/export.xlsx?from=2026-11-01&to=2026-11-30`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('维修一览表');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '单号', '维修地点', '类别', '故障描述', '维修项目/材料', '维修人', '报修时间', '接单时间', '完成时间', '工时', '评分']);
    expect(ws.rowCount).toBe(6);
    const second = (ws.getRow(3).values as unknown[]).slice(1);
    expect(second.slice(0, 4)).toEqual([2, expect.stringMatching(/^WX20261103-/), '教学楼 / 三楼 / 302教室', '电']);
    expect(second[5]).toBe('更换灯管 3支；更换开关 1个');
    expect(second.slice(7, 12)).toEqual(['2026-11-03 08:00', '2026-11-03 09:00', '2026-11-03 12:00', 2, 4]);
  });

  it('exports a PDF with the font embedded, or says which Debian package is missing', async () => {
    const res = await w.director.get(`/api/v1/repairs/log/export.pdf?from=2026-11-01&to=2026-11-30`);
    if (findCjkFont()) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
      expect(res.raw.toString('latin1')).toMatch(/\/FontFile[23]?/);
    } else {
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe('pdf.noCjkFont');
      expect(res.json.error.message).toContain('fonts-noto-cjk');
      expect((await w.director.get('/api/v1/repairs/log/export.pdf', { 'accept-language': 'en-US' })).json.error.message).toContain('fonts-noto-cjk');
    }
  });

  it('makes the PDF itself with whatever font file it is given (here a Latin one when no CJK font exists)', async () => {
    const file = findCjkFont()?.file ?? '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
    if (!existsSync(file)) return;
    const rows = [{ id: 1, code: 'WX20261102-0001', state: 'closed' as const, category: 'electric', locationPath: 'Building / 301', description: 'Lamp out', items: [{ name: 'Lamp', quantity: 2, unit: 'pc' }], reporterName: 'T', assigneeName: 'W', reportedAt: '2026-11-02T00:00:00.000Z', acceptedAt: '2026-11-02T00:30:00.000Z', completedAt: '2026-11-02T02:00:00.000Z', hours: 1, rating: 5 }];
    async function* pages() { yield Array.from({ length: 120 }, (_, i) => ({ ...rows[0], id: i + 1 })); }
    const pdf = await logPdf(pages(), { school: 'Test school', from: '2026-11-01', to: '2026-11-30', worker: 'W', tz: 'Asia/Shanghai', now: new Date('2026-11-20T00:00:00Z'), totals: { orders: 120, hours: 120, averageRating: 5 } },
      'en-US', DEFAULT_REPAIR_SETTINGS, { file, face: findCjkFont()?.face });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/FontFile[23]?/);
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(1);
  });
});
