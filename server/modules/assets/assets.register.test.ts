import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, createTestSchool, login, type TestApp } from '../../test/harness';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/audit';
import { manualClock } from '../../platform/clock';
import { assetsWorld, ok, computer, type AssetsWorld } from './assets.fixture';
import { setAssetStatus, transferAssets, registerAsset, currentNetValues, getAssetsByIds, findAssetByCode, addAssetEvent } from './assets.service';

/* The register: cards, codes, the list's filters, transfers with their history, who sees what. */

let t: TestApp;
let w: AssetsWorld;
let actor: Actor;

beforeAll(async () => {
  t = await createTestApp();
  w = await assetsWorld(t);
  actor = { schoolId: w.s.schoolId, userId: w.ids.director, name: '总务主任', ip: null, roles: ['director'] };
}, 120_000);
afterAll(async () => t.close());

describe('asset cards', () => {
  it('registers a card with a code from the school pattern, low-value by the threshold, original value = price × quantity', async () => {
    const a = ok(await w.storekeeper.post('/api/v1/assets', computer({ locationId: w.loc.room301, custodianId: w.ids.teacher, departmentId: w.dept.academic })), 201);
    expect(a.code).toMatch(/^201-2024-\d{4}$/);
    expect(a).toMatchObject({ classCode: '201', className: '计算机设备及软件', lowValue: false, originalValueFen: 450_000, lifeMonths: 72, status: 'in_use', locationPath: '教学楼 / 三楼 / 301教室', custodianId: w.ids.teacher, canManage: true });
    expect(a.events.map((e: { kind: string }) => e.kind)).toEqual(['registered']);
    const b = ok(await w.storekeeper.post('/api/v1/assets', computer({ locationId: w.loc.room301 })), 201);
    expect(Number(b.code.slice(-4))).toBe(Number(a.code.slice(-4)) + 1);
    const desks = ok(await w.storekeeper.post('/api/v1/assets', { name: '学生课桌椅', classCode: '60101', unit: '套', quantity: 50, unitPriceFen: 32_000, acquiredOn: '2023-08-20', locationId: w.loc.room302 }), 201);
    expect(desks).toMatchObject({ lowValue: true, originalValueFen: 1_600_000, lifeMonths: null, monthlyFen: 0 });
    // A batch booked as a fixed asset on purpose.
    const batch = ok(await w.storekeeper.post('/api/v1/assets', { name: '学生课桌椅（批）', classCode: '60101', quantity: 50, unitPriceFen: 32_000, acquiredOn: '2023-08-20', lowValue: false }), 201);
    expect(batch).toMatchObject({ lowValue: false, lifeMonths: 60 });
  });

  it('follows the school\'s settings: a lower threshold (500 元) and its own code pattern', async () => {
    const other = await assetsWorld(t, await createTestSchool(t.db));
    const view = ok(await other.director.get('/api/v1/settings/assets'));
    expect(view.values).toEqual({ capitalisationThresholdFen: 100_000, codePattern: '{class}-{year}-{seq}' });
    ok(await other.director.patch('/api/v1/settings/assets', { values: { capitalisationThresholdFen: 50_000, codePattern: 'ZC{year}{seq:5}' }, version: view.version }));
    const a = ok(await other.storekeeper.post('/api/v1/assets', computer({ unitPriceFen: 80_000 })), 201);
    expect(a).toMatchObject({ lowValue: false, code: 'ZC202400001' });
    expect((await other.director.patch('/api/v1/settings/assets', { values: { codePattern: 'no-sequence' } })).status).toBe(400);
    expect((await other.storekeeper.patch('/api/v1/settings/assets', { values: { capitalisationThresholdFen: 1 } })).status).toBe(403);
  });

  it('keeps codes unique within a school; the same code in another school is fine', async () => {
    ok(await w.director.post('/api/v1/assets', computer({ code: 'ZC-0001' })), 201);
    const dup = await w.director.post('/api/v1/assets', computer({ code: 'ZC-0001' }));
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields[0]).toMatchObject({ path: 'code' });
    expect(dup.json.error.message).toContain('ZC-0001');
    const other = await createTestSchool(t.db);
    const otherDirector = await login(t.app, other.users.director.username);
    ok(await otherDirector.post('/api/v1/assets', computer({ code: 'ZC-0001' })), 201);
    // Two at once with one code: one card, one 409.
    const both = await Promise.all([w.director.post('/api/v1/assets', computer({ code: 'ZC-0002' })), w.storekeeper.post('/api/v1/assets', computer({ code: 'ZC-0002' }))]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('refuses bad input with field-named zh/en messages and writes nothing', async () => {
    const bad = await w.director.post('/api/v1/assets', computer({ classCode: '999', locationId: w.loc.room301 }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0]).toMatchObject({ path: 'classCode' });
    expect(bad.json.error.fields[0].message).toContain('999');
    const en = await w.director.post('/api/v1/assets', computer({ unitPriceFen: -1 }), { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.json.error.fields[0].path).toBe('unitPriceFen');
    const other = await createTestSchool(t.db);
    const foreignPlace = ok(await (await login(t.app, other.users.admin.username)).post('/api/v1/locations', { campusId: other.campusId, code: 'X1', name: '别校', type: 'office' }), 201);
    const cross = await w.director.post('/api/v1/assets', computer({ code: 'CROSS-1', locationId: foreignPlace.id }));
    expect(cross.status).toBe(400);
    expect(cross.json.error.fields[0].path).toBe('locationId');
    expect(await findAssetByCode(t.db, w.s.schoolId, 'CROSS-1')).toBeUndefined();
  });

  it('edits with the version (409 on a lost update), records the change and a move as a transfer', async () => {
    const a = ok(await w.director.post('/api/v1/assets', computer({ locationId: w.loc.room301 })), 201);
    const edited = ok(await w.director.patch(`/api/v1/assets/${a.id}`, { version: a.version, model: '联想 启天M450', locationId: w.loc.room302 }));
    expect(edited.model).toBe('联想 启天M450');
    expect(edited.locationId).toBe(w.loc.room302);
    expect(edited.events.map((e: { kind: string }) => e.kind)).toEqual(['registered', 'updated', 'transferred']);
    expect(edited.events[2].data.locationId).toMatchObject({ fromName: '教学楼 / 三楼 / 301教室', toName: '教学楼 / 三楼 / 302教室' });
    const stale = await w.storekeeper.patch(`/api/v1/assets/${a.id}`, { version: a.version, name: '旧版本' });
    expect(stale.status).toBe(409);
    // A new price recomputes the original value and the low-value flag.
    const cheap = ok(await w.director.patch(`/api/v1/assets/${a.id}`, { version: edited.version, unitPriceFen: 80_000, quantity: 2 }));
    expect(cheap).toMatchObject({ originalValueFen: 160_000, lowValue: true });
  });
});

describe('transfers', () => {
  it('moves one asset and a batch between places, departments and people, with history and audit', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(ok(await w.director.post('/api/v1/assets', computer({ locationId: w.loc.computerRoom, custodianId: w.ids.teacher })), 201).id);
    const one = ok(await w.storekeeper.post(`/api/v1/assets/${ids[0]}/transfer`, { locationId: w.loc.store, custodianId: w.ids.storekeeper, note: '退回仓库' }));
    expect(one).toMatchObject({ locationId: w.loc.store, custodianId: w.ids.storekeeper });
    const ev = one.events.at(-1);
    expect(ev).toMatchObject({ kind: 'transferred', note: '退回仓库' });
    expect(ev.data.custodianId).toMatchObject({ from: w.ids.teacher, to: w.ids.storekeeper });
    const bulk = ok(await w.director.post('/api/v1/assets/transfer', { ids: ids.slice(1), departmentId: w.dept.office }));
    expect(bulk.moved).toBe(2);
    const rows = await getAssetsByIds(t.db, w.s.schoolId, ids.slice(1));
    expect(rows.every((r) => r.departmentId === w.dept.office && r.locationId === w.loc.computerRoom)).toBe(true);
    const history = ok(await w.admin.get(`/api/v1/audit?entity=asset&entityId=${ids[1]}`));
    expect(history.items.map((h: { action: string }) => h.action)).toContain('transfer');
    expect((await w.director.post('/api/v1/assets/transfer', { ids: ids.slice(1), note: 'x' })).status).toBe(400);
    expect((await w.director.post(`/api/v1/assets/${ids[0]}/transfer`, { locationId: w.loc.room301, version: 1 })).status).toBe(409);
  });

  it('two transfers of one asset at once both apply in turn (row lock), history has both', async () => {
    const a = ok(await w.director.post('/api/v1/assets', computer({ locationId: w.loc.room301 })), 201);
    const [x, y] = await Promise.all([
      w.director.post(`/api/v1/assets/${a.id}/transfer`, { locationId: w.loc.room302 }),
      w.storekeeper.post(`/api/v1/assets/${a.id}/transfer`, { custodianId: w.ids.storekeeper }),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    const d = ok(await w.director.get(`/api/v1/assets/${a.id}`));
    expect(d).toMatchObject({ locationId: w.loc.room302, custodianId: w.ids.storekeeper });
    expect(d.events.filter((e: { kind: string }) => e.kind === 'transferred')).toHaveLength(2);
  });

  it('a leaving person gets the list of the assets in their name, and its handover export', async () => {
    const leaver = w.ids.headTeacher;
    for (let i = 0; i < 2; i++) ok(await w.director.post('/api/v1/assets', computer({ custodianId: leaver, name: `班主任电脑${i}` })), 201);
    const list = ok(await w.director.get(`/api/v1/assets?custodianId=${leaver}`));
    expect(list.items.map((a: { name: string }) => a.name).sort()).toEqual(['班主任电脑0', '班主任电脑1']);
    const xlsx = await w.director.get(`/api/v1/assets/export?custodianId=${leaver}`);
    expect(xlsx.status).toBe(200);
    expect(decodeURIComponent(String(xlsx.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/名下资产交接清单/);
    expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('the list', () => {
  let ids: Record<string, number>;
  let w: AssetsWorld;
  beforeAll(async () => {
    w = await assetsWorld(t, await createTestSchool(t.db));
    const mk = async (key: string, body: Record<string, unknown>) => [key, ok(await w.director.post('/api/v1/assets', body), 201).id] as const;
    ids = Object.fromEntries(await Promise.all([
      mk('pc301', computer({ locationId: w.loc.room301, serialNo: 'SN-PC301' })),
      mk('pc302', computer({ locationId: w.loc.room302, departmentId: w.dept.academic })),
      mk('pcLab', computer({ locationId: w.loc.computerRoom, custodianId: w.ids.teacher })),
      mk('printer', { name: '激光打印机', classCode: '202', unitPriceFen: 180_000, acquiredOn: '2022-05-01', locationId: w.loc.room301 }),
      mk('desk', { name: '课桌椅', classCode: '60101', quantity: 55, unitPriceFen: 32_000, acquiredOn: '2021-08-01', locationId: w.loc.room302 }),
      mk('books', { name: '图书', classCode: '5', quantity: 1000, unitPriceFen: 2_500, acquiredOn: '2020-01-01', lowValue: false, locationId: w.loc.store }),
    ]));
  }, 60_000);

  const names = async (q: string) => (ok(await w.director.get(`/api/v1/assets?${q}`)).items as { id: number }[]).map((a) => Object.entries(ids).find(([, id]) => id === a.id)?.[0]).sort();

  it('filters by class (and sub-classes), status, location subtree, department, person, price, text, low value', async () => {
    expect(await names('classCode=2')).toEqual(['pc301', 'pc302', 'pcLab', 'printer']);
    expect(await names('classCode=201')).toEqual(['pc301', 'pc302', 'pcLab']);
    expect(await names('classCode=6')).toEqual(['desk']);
    expect(await names(`locationId=${w.loc.floor3}`)).toEqual(['desk', 'pc301', 'pc302', 'printer']);
    expect(await names(`locationId=${w.loc.floor3}&classCode=201`)).toEqual(['pc301', 'pc302']);
    const floorCode = ok(await w.admin.get(`/api/v1/locations/${w.loc.floor3}`)).code;
    expect(await names(`locationCode=${floorCode}&classCode=201`)).toEqual(['pc301', 'pc302']);
    expect(await names('locationCode=NO-SUCH-PLACE')).toEqual([]);
    expect(await names(`departmentId=${w.dept.academic}`)).toEqual(['pc302']);
    expect(await names(`custodianId=${w.ids.teacher}`)).toEqual(['pcLab']);
    expect(await names('priceMinFen=100000&priceMaxFen=200000')).toEqual(['printer']);
    expect(await names('q=sn-pc301')).toEqual(['pc301']);
    expect(await names('lowValue=true')).toEqual(['desk']);
    expect(await names('lowValue=false&classCode=5')).toEqual(['books']);
    await setAssetStatus(t.db, { schoolId: w.s.schoolId, userId: w.ids.director, name: 'd', ip: null }, [ids.printer], 'idle');
    expect(await names('status=idle')).toEqual(['printer']);
    expect(await names('status=in_use,idle&classCode=202')).toEqual(['printer']);
  });

  it('pages by keyset in code order without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number; code: string }[]; nextCursor: string | null } = ok(await w.director.get(`/api/v1/assets?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Object.values(ids).sort());
  });

  it('everyone reads a card they scan; the list shows a teacher only their own; only leaders and the storekeeper write', async () => {
    const code = (await getAssetsByIds(t.db, w.s.schoolId, [ids.pc301]))[0].code;
    ok(await w.teacher.get(`/api/v1/assets/by-code/${encodeURIComponent(code)}`));
    const mine = ok(await w.teacher.get('/api/v1/assets'));
    expect(mine.items.map((a: { id: number }) => a.id)).toEqual([ids.pcLab]);
    expect((await w.teacher.post('/api/v1/assets', computer())).status).toBe(403);
    expect((await w.accountant.post('/api/v1/assets', computer())).status).toBe(403);
    expect(ok(await w.accountant.get('/api/v1/assets')).items).toHaveLength(6);
    expect((await w.teacher.get('/api/v1/assets/export')).status).toBe(403);
    // The district's inspector reads, never writes.
    expect(ok(await w.inspector.get(`/api/v1/assets?schoolId=${w.s.schoolId}`)).items).toHaveLength(6);
    expect((await w.inspector.post('/api/v1/assets', computer())).status).toBe(403);
    // Another school's card is not found.
    const other = await createTestSchool(t.db);
    const stranger = await login(t.app, other.users.director.username);
    expect((await stranger.get(`/api/v1/assets/${ids.pc301}`)).status).toBe(404);
    expect((await stranger.get(`/api/v1/assets/by-code/${encodeURIComponent(code)}`)).status).toBe(404);
  });

  it('exports the filtered list as .xlsx', async () => {
    const res = await w.accountant.get('/api/v1/assets/export?classCode=2');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('资产编号');
    expect(ws.rowCount).toBe(5);
  });
});

describe('the functions the process part builds on', () => {
  it('setAssetStatus: events per asset, disposed is final, disposal day set; addAssetEvent; currentNetValues', async () => {
    const clock = manualClock('2026-03-15T04:00:00Z');
    const id = (await t.db.transaction((tx) => registerAsset(tx as unknown as Db, actor, computer({ acquiredOn: '2025-11-15', unitPriceFen: 720_000 }) as never, { at: clock.now() }))).id;
    const n = await t.db.transaction((tx) => setAssetStatus(tx as unknown as Db, actor, [id], 'pending_disposal', { note: '报废申请', refKind: 'disposal', refId: 7, at: clock.now() }));
    expect(n).toBe(1);
    // Waiting for its disposal it stays where it is: no transfer, no move by an edit.
    await expect(t.db.transaction((tx) => transferAssets(tx as unknown as Db, actor, [id], { locationId: w.loc.store }))).rejects.toMatchObject({ code: 'assets.pendingDisposal', status: 409 });
    await t.db.transaction((tx) => setAssetStatus(tx as unknown as Db, actor, [id], 'disposed', { refKind: 'disposal', refId: 7, at: clock.now() }));
    const [row] = await getAssetsByIds(t.db, w.s.schoolId, [id]);
    expect(row).toMatchObject({ status: 'disposed', disposedOn: '2026-03-15' });
    await expect(t.db.transaction((tx) => setAssetStatus(tx as unknown as Db, actor, [id], 'in_use'))).rejects.toMatchObject({ code: 'assets.disposed', status: 409 });
    await expect(t.db.transaction((tx) => transferAssets(tx as unknown as Db, actor, [id], { locationId: w.loc.store }))).rejects.toMatchObject({ status: 409 });
    await t.db.transaction((tx) => addAssetEvent(tx as unknown as Db, actor, id, { kind: 'damage', note: '屏幕破损', refKind: 'damage', refId: 3 }));
    const d = ok(await w.director.get(`/api/v1/assets/${id}`));
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['registered', 'status', 'status', 'damage']);
    // 7,200 元 over 72 months from 2025-12: 100 元 a month; by the end of 2026-02 (the last month ended on 2026-03-15), 3 months.
    const net = await currentNetValues(t.db, w.s.schoolId, [id], clock);
    expect(net.get(id)).toBe(720_000 - 3 * 10_000);
    await expect(t.db.transaction((tx) => addAssetEvent(tx as unknown as Db, actor, 999_999_999, { kind: 'x' }))).rejects.toMatchObject({ status: 404 });
  });
});
