import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, createTestSchool, login, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { createRectification } from '../../platform/inspections';
import { findCjkFont } from '../../platform/pdf';
import { inspectionWorld, ok, refused, photo, reportHazard, type InspectionWorld } from '../../platform/inspections.fixture';
import { hazardFigures } from './hazards.figures';

/* Hazards and the monthly hazard report, against a set of hazards whose figures were counted by hand
 * across the October/November 2026 boundary (Asia/Shanghai: a month starts at 16:00Z the day before). */

const clock = manualClock('2026-09-10T02:00:00Z');
let t: TestApp;
let w: InspectionWorld;
const ids: Record<string, number> = {};

/** The school's wall clock: '2026-10-31 23:30' in Shanghai. */
const at = (local: string) => clock.set(new Date(`${local.replace(' ', 'T')}:00+08:00`));

async function hazard(key: string, local: string, kind: string, severity: string) {
  at(local);
  ids[key] = (await reportHazard(w, w.teacher, { kind, severity, description: `隐患 ${key}` })).id;
}
const assign = async (key: string, local: string, deadline: string) => { at(local); ok(await w.director.post(`/api/v1/hazards/${ids[key]}/assign`, { ownerId: w.ids.worker, deadline, plan: `整改 ${key}` })); };
const rectify = async (key: string, local: string) => { at(local); ok(await w.worker.post(`/api/v1/hazards/${ids[key]}/rectify`, { note: '已整改', photoIds: [await photo(w.worker)] })); };
const verify = async (key: string, local: string) => { at(local); ok(await w.vice.post(`/api/v1/hazards/${ids[key]}/verify`, {})); };

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  w = await inspectionWorld(t);
  // C: found and closed in September — not in October's report at all.
  await hazard('C', '2026-09-10 09:00', 'other', 'low');
  await assign('C', '2026-09-10 10:00', '2026-09-14');
  await rectify('C', '2026-09-12 10:00');
  await verify('C', '2026-09-15 10:00');
  // A: found in September, deadline 25 September, never rectified → carried over, open and overdue at October's end.
  await hazard('A', '2026-09-20 09:00', 'building', 'high');
  await assign('A', '2026-09-20 10:00', '2026-09-25');
  // B: found in September, closed in October.
  await hazard('B', '2026-09-28 09:00', 'electrical', 'medium');
  await assign('B', '2026-09-28 10:00', '2026-10-10');
  await rectify('B', '2026-10-05 10:00');
  await verify('B', '2026-10-06 10:00');
  // D: found in October, nobody assigned yet (no deadline, so not overdue).
  await hazard('D', '2026-10-03 09:00', 'fire', 'critical');
  // I: found and closed in October, the closing at 23:50 on the 31st.
  await hazard('I', '2026-10-05 09:00', 'canteen', 'medium');
  await assign('I', '2026-10-05 10:00', '2026-10-31');
  await rectify('I', '2026-10-30 10:00');
  await verify('I', '2026-10-31 23:50');
  // E: found in October, rectified on the 30th but not verified: open at the end, not overdue (rectified in time).
  await hazard('E', '2026-10-12 09:00', 'electrical', 'low');
  await assign('E', '2026-10-12 10:00', '2026-10-31');
  await rectify('E', '2026-10-30 11:00');
  // A safety inspection submitted in October (all pass).
  at('2026-10-15 08:00');
  const list = ok(await w.director.get('/api/v1/inspection-templates?domain=safety')).items;
  const fireDaily = list.find((x: { code: string }) => x.code === 'safety.fire_daily');
  const insp = ok(await w.guard.post('/api/v1/inspections', { templateId: fireDaily.id, zone: '教学楼' }), 201);
  ok(await w.guard.patch(`/api/v1/inspections/${insp.id}`, { results: insp.items.map((i: { id: number }) => ({ itemId: i.id, outcome: 'pass' })) }));
  ok(await w.guard.post(`/api/v1/inspections/${insp.id}/submit`, {}));
  // F: found in October, deadline the 25th, rectified and closed only in November → open and overdue at October's end.
  await hazard('F', '2026-10-20 09:00', 'sports', 'medium');
  await assign('F', '2026-10-20 10:00', '2026-10-25');
  // G: found at 23:30 on 31 October; H: at 00:10 on 1 November (not October's).
  await hazard('G', '2026-10-31 23:30', 'dorm', 'low');
  await hazard('H', '2026-11-01 00:10', 'fire', 'high');
  await rectify('F', '2026-11-02 10:00');
  await verify('F', '2026-11-03 10:00');
  // Another domain's rectification in October: not a hazard, not counted.
  at('2026-10-16 10:00');
  await t.db.transaction((tx) => createRectification(tx as unknown as Db, { schoolId: w.s.schoolId, userId: w.ids.director, name: 'director', ip: null, roles: ['director'] },
    { domain: 'canteen', source: 'inspection', title: '留样不足', severity: 'medium' }, clock));
  at('2026-11-10 10:00');
});
afterAll(async () => t.close());

const countsOf = (rows: { found: number; closed: number; openAtEnd: number; overdue: number }[], key: string) =>
  Object.fromEntries((rows as unknown as Record<string, unknown>[]).filter((r) => (r.found as number) + (r.closed as number) + (r.openAtEnd as number) + (r.overdue as number) > 0)
    .map((r) => [r[key], [r.found, r.closed, r.openAtEnd, r.overdue]]));

describe('the monthly hazard report', () => {
  it('counts October by hand: found, closed, open at the end, overdue, carried over — by kind and by severity', async () => {
    const r = ok(await w.director.get('/api/v1/reports/hazards/monthly?month=2026-10'));
    expect(r).toMatchObject({ month: '2026-10', from: '2026-10-01', to: '2026-10-31', asOf: '2026-10-31T16:00:00.000Z', submission: null });
    // found D E F G I; closed B I; open at the end A D E F G; overdue A F; carried over A B.
    expect(r.totals).toEqual({ found: 5, closed: 2, openAtEnd: 5, overdue: 2, carriedOver: 2 });
    // [found, closed, open at end, overdue]
    expect(countsOf(r.byKind, 'kind')).toEqual({
      building: [0, 0, 1, 1], electrical: [1, 1, 1, 0], fire: [1, 0, 1, 0], sports: [1, 0, 1, 1], dorm: [1, 0, 1, 0], canteen: [1, 1, 0, 0],
    });
    expect(r.byKind.map((k: { kind: string }) => k.kind)).toEqual(['building', 'electrical', 'fire', 'sports', 'canteen', 'dorm', 'surroundings', 'other']);
    expect(countsOf(r.bySeverity, 'severity')).toEqual({ critical: [1, 0, 1, 0], high: [0, 0, 1, 1], medium: [2, 2, 1, 1], low: [2, 0, 2, 0] });
    // Each open item with its plan, owner, deadline, and the state it was in at the month's end.
    const open = Object.fromEntries(r.openItems.map((i: { id: number }) => [Object.keys(ids).find((k) => ids[k] === i.id), i]));
    expect(Object.keys(open).sort()).toEqual(['A', 'D', 'E', 'F', 'G']);
    expect(open.A).toMatchObject({ state: 'assigned', overdue: true, deadline: '2026-09-25', plan: '整改 A', ownerName: expect.any(String) });
    expect(open.E).toMatchObject({ state: 'rectified', overdue: false });
    expect(open.F).toMatchObject({ state: 'assigned', overdue: true });
    expect(open.D).toMatchObject({ state: 'open', ownerName: null, deadline: null, overdue: false });
    expect(r.openItems[0].severity).toBe('critical');
    expect(r.closedItems.map((i: { id: number }) => i.id).sort()).toEqual([ids.B, ids.I].sort());
    expect(r.inspections.count).toBe(1);
    expect(r.inspections.byTemplate[0]).toMatchObject({ count: 1, failed: 0, name: { zh: '每日防火巡查' } });
  });

  it('the current month counts up to now; September shows what October carried over', async () => {
    const nov = ok(await w.director.get('/api/v1/reports/hazards/monthly?month=2026-11'));
    // found H; closed F; open now A D E G H; overdue now A (E rectified, F closed, G/H/D without deadline).
    expect(nov.totals).toEqual({ found: 1, closed: 1, openAtEnd: 5, overdue: 1, carriedOver: 5 });
    expect(nov.asOf).toBe('2026-11-10T02:00:00.000Z');
    const sep = ok(await w.director.get('/api/v1/reports/hazards/monthly?month=2026-09'));
    // found C A B; closed C; open at the end A B; overdue A.
    expect(sep.totals).toEqual({ found: 3, closed: 1, openAtEnd: 2, overdue: 1, carriedOver: 0 });
    refused(await w.director.get('/api/v1/reports/hazards/monthly?month=2026-12'), 400, 'hazards.futureMonth');
    expect((await w.director.get('/api/v1/reports/hazards/monthly?month=2026-13')).status).toBe(400);
  });

  it('exports the report as .xlsx and .pdf', async () => {
    const x = await w.director.get('/api/v1/reports/hazards/monthly?month=2026-10&format=xlsx');
    expect(x.status).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as never);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['汇总', '未销号隐患', '本月销号', '本月检查']);
    expect(wb.getWorksheet('未销号隐患')!.rowCount).toBe(1 + 5);
    expect(wb.getWorksheet('本月销号')!.rowCount).toBe(1 + 2);
    expect(String(wb.getWorksheet('汇总')!.getCell('A3').value)).toContain('本月发现隐患 5 处');
    expect(String(x.headers['content-disposition'])).toContain(encodeURIComponent('安全隐患排查整治月报'));
    const p = await w.director.get('/api/v1/reports/hazards/monthly?month=2026-10&format=pdf');
    if (!findCjkFont()) {
      // No CJK font on this machine (CI without fonts-noto-cjk): the PDF is refused with 503 naming the package.
      expect(p.status).toBe(503);
      return;
    }
    expect(p.status).toBe(200);
    expect(p.raw.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the safety home figures of a month', async () => {
    expect(await hazardFigures(t.db, w.s.schoolId, '2026-10', clock)).toEqual({
      reportedMonth: 5, closedMonth: 2, open: 5, overdue: 1, inspectionsMonth: 1, reportSubmitted: false,
      // October's only inspection was a fire patrol: the month's investigation was never done.
      investigation: { state: 'overdue', dueOn: '2026-10-25', inspectionId: null, doneOn: null, templateId: expect.any(Number) },
    });
  });
});

describe('submitting to the district', () => {
  it('freezes a snapshot; a second submission is a new revision with a reason; the inspector reads but cannot write', async () => {
    const first = ok(await w.director.post('/api/v1/reports/hazards/monthly/submit', { month: '2026-10' }), 201);
    expect(first).toMatchObject({ month: '2026-10', revision: 1, schoolId: w.s.schoolId, totals: { found: 5, closed: 2, openAtEnd: 5, overdue: 2, carriedOver: 2 } });
    // Again without a reason: refused, naming the field.
    const again = refused(await w.director.post('/api/v1/reports/hazards/monthly/submit', { month: '2026-10' }), 400, 'hazards.resubmitNoteRequired');
    expect(again.error.fields[0].path).toBe('note');
    // The figures move on (a late closing of A) but the snapshot stays as sent.
    ok(await w.director.post(`/api/v1/hazards/${ids.A}/assign`, { ownerId: w.ids.worker, deadline: '2026-11-12' }));
    const second = ok(await w.director.post('/api/v1/reports/hazards/monthly/submit', { month: '2026-10', note: '更正：补充整改措施' }), 201);
    expect(second.revision).toBe(2);
    expect(ok(await w.director.get('/api/v1/reports/hazards/monthly?month=2026-10')).submission).toMatchObject({ id: second.id, revision: 2 });
    expect((await hazardFigures(t.db, w.s.schoolId, '2026-10', clock)).reportSubmitted).toBe(true);

    // The district's inspector: told, lists and reads, exports; cannot submit or report.
    const n = ok(await w.inspector.get('/api/v1/notifications'));
    expect(n.items.some((x: { kind: string }) => x.kind === 'hazards.notify.submitted')).toBe(true);
    const list = ok(await w.inspector.get('/api/v1/reports/hazards/submitted?month=2026-10'));
    expect(list.items.filter((x: { schoolId: number }) => x.schoolId === w.s.schoolId).map((x: { revision: number }) => x.revision)).toEqual([2, 1]);
    const read = ok(await w.inspector.get(`/api/v1/reports/hazards/submitted/${first.id}`));
    expect(read.report.totals).toEqual(first.totals);
    expect(read.report.openItems.find((i: { id: number }) => i.id === ids.A)).toMatchObject({ deadline: '2026-09-25' });
    expect((await w.inspector.get(`/api/v1/reports/hazards/submitted/${first.id}?format=xlsx`)).status).toBe(200);
    refused(await w.inspector.post('/api/v1/reports/hazards/monthly/submit', { month: '2026-10' }), 403, 'readOnly');
    refused(await w.inspector.post('/api/v1/hazards', { locationId: w.loc.room301, kind: 'fire', description: 'x' }), 403, 'readOnly');
    refused(await w.inspector.post(`/api/v1/hazards/${ids.D}/assign`, { ownerId: w.ids.worker, deadline: '2026-11-20' }), 403, 'readOnly');
    // The inspector reads the school's hazards and live report too, without actions.
    expect(ok(await w.inspector.get(`/api/v1/hazards/${ids.D}`)).actions).toEqual([]);
    expect(ok(await w.inspector.get(`/api/v1/reports/hazards/monthly?month=2026-10&schoolId=${w.s.schoolId}`)).totals.found).toBe(5);
    // A teacher may not read the report.
    expect((await w.teacher.get('/api/v1/reports/hazards/monthly?month=2026-10')).status).toBe(403);
  });

  it('another school or district sees nothing of it (404)', async () => {
    const list = ok(await w.director.get('/api/v1/reports/hazards/submitted')).items;
    const id = list[0].id;
    // A school of the same district: its director does not see it.
    const neighbour = await createTestSchool(t.db, { districtId: w.s.districtId, bureauId: w.s.bureauId });
    const nd = await login(t.app, neighbour.users.director.username);
    expect((await nd.get(`/api/v1/reports/hazards/submitted/${id}`)).status).toBe(404);
    expect(ok(await nd.get('/api/v1/reports/hazards/submitted')).items).toEqual([]);
    expect((await nd.get(`/api/v1/hazards/${ids.A}`)).status).toBe(404);
    // Another district's inspector.
    const far = await createTestSchool(t.db);
    const fi = await login(t.app, far.users.inspector.username);
    expect((await fi.get(`/api/v1/reports/hazards/submitted/${id}`)).status).toBe(404);
    expect(ok(await fi.get('/api/v1/reports/hazards/submitted')).items).toEqual([]);
    expect((await fi.get(`/api/v1/reports/hazards/monthly?month=2026-10&schoolId=${w.s.schoolId}`)).status).toBe(404);
  });
});

describe('reporting a hazard', () => {
  it('anyone reports with a place or a zone, photos, a kind; bad input names the field', async () => {
    const p = await photo(w.guard);
    const h = ok(await w.guard.post('/api/v1/hazards', { zone: '校门外', kind: 'surroundings', severity: 'low', description: '校门口有流动摊贩\n放学时拥堵', photoIds: [p] }), 201);
    expect(h).toMatchObject({ zone: '校门外', locationId: null, title: '校门口有流动摊贩', state: 'open', kind: 'surroundings' });
    const noPlace = refused(await w.guard.post('/api/v1/hazards', { kind: 'fire', description: 'x' }), 400, 'validation');
    expect(noPlace.error.fields[0].path).toBe('locationId');
    const badKind = refused(await w.guard.post('/api/v1/hazards', { zone: 'x', kind: 'ghost', description: 'x' }), 400, 'validation');
    expect(badKind.error.fields[0].path).toBe('kind');
    refused(await w.guard.post('/api/v1/hazards', { locationId: 99_999_999, kind: 'fire', description: 'x' }), 400, 'inspections.locationMissing');
    // Another person's upload cannot be attached.
    const theirs = await photo(w.teacher);
    const stolen = refused(await w.guard.post('/api/v1/hazards', { zone: 'x', kind: 'fire', description: 'x', photoIds: [theirs] }), 400, 'files.unknown');
    expect(stolen.error.fields[0].path).toBe('photoIds');
    // The reporter sees theirs; a teacher who did not report it does not.
    expect((await w.teacher.get(`/api/v1/hazards/${h.id}`)).status).toBe(404);
    expect(ok(await w.guard.get('/api/v1/hazards?mine=reported')).items.map((i: { id: number }) => i.id)).toContain(h.id);
  });

  it('the board tabs: to assign, in progress, to verify, closed, overdue', async () => {
    const tab = async (name: string) => ok(await w.director.get(`/api/v1/hazards?tab=${name}&limit=200`)).items.map((i: { id: number }) => i.id);
    expect(await tab('open')).toEqual(expect.arrayContaining([ids.D, ids.G, ids.H]));
    expect(await tab('rectified')).toEqual([ids.E]);
    expect(await tab('closed')).toEqual(expect.arrayContaining([ids.B, ids.C, ids.F, ids.I]));
    expect(await tab('assigned')).toEqual([ids.A]);
    expect(await tab('overdue')).toEqual([]);
    expect(ok(await w.director.get('/api/v1/hazards?kind=electrical')).items.map((i: { id: number }) => i.id).sort()).toEqual([ids.B, ids.E].sort());
    const x = await w.director.get('/api/v1/hazards/export.xlsx?tab=closed');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as never);
    const sheet = wb.worksheets[0];
    const exported = sheet.getColumn(1).values.slice(2).map(Number).sort((a, b) => a - b);
    expect(exported).toEqual([ids.B, ids.C, ids.F, ids.I].sort((a, b) => a - b));
    expect(String(sheet.getRow(1).getCell(2).value)).toBe('隐患');
  });
});
