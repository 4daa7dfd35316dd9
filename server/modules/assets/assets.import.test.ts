import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, type TestApp, type TestClient } from '../../test/harness';
import { rowsOf } from '../../platform/db';
import { systemClock } from '../../platform/clock';
import { assetsWorld, ok, type AssetsWorld } from './assets.fixture';
import { suggestMapping, parseDate, parseYuan, processImportJob, runPendingImports } from './assets.import';

/* Excel import: mapping, dry run, per-row report, re-import by code, never a silent duplicate; 10,000 rows. */

let t: TestApp;
let w: AssetsWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await assetsWorld(t);
}, 120_000);
afterAll(async () => t.close());

async function sheet(headers: string[], rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('资产');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Upload → run with the suggested (or given) mapping → wait until the job has finished. */
async function importSheet(c: TestClient, file: Buffer, dryRun: boolean, mapping?: Record<string, number>) {
  const up = ok(await c.upload('/api/v1/assets/import', file), 201);
  const job = await run(c, up.jobId, mapping ?? up.mapping, dryRun);
  return { up, job };
}
async function run(c: TestClient, jobId: number, mapping: Record<string, number>, dryRun: boolean) {
  ok(await c.post(`/api/v1/assets/import/${jobId}/run`, { mapping, dryRun }), 202);
  for (let i = 0; i < 600; i++) {
    const j = ok(await c.get(`/api/v1/assets/import/${jobId}`));
    if (['checked', 'done', 'failed'].includes(j.state)) return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const HEAD = ['资产编号', '资产名称*', '分类代码', '规格型号', '序列号', '数量', '单价(元)', '购置日期', '取得方式', '使用状况', '存放地点', '使用部门', '使用人'];

describe('parsing', () => {
  it('suggests a mapping from Chinese and English header names', () => {
    expect(suggestMapping(HEAD)).toMatchObject({ code: 0, name: 1, classCode: 2, model: 3, serialNo: 4, quantity: 5, unitPrice: 6, acquiredOn: 7, acquiredWay: 8, status: 9, location: 10, department: 11, custodian: 12 });
    expect(suggestMapping(['Asset code', 'Name', 'Class', 'Unit price', 'Acquired on', 'Remarks'])).toEqual({ code: 0, name: 1, classCode: 2, unitPrice: 3, acquiredOn: 4, notes: 5 });
  });
  it('reads dates and amounts as people write them', () => {
    expect(['2023-09-01', '2023/9/1', '2023.09.01', '2023年9月1日', '20230901', '45170', '2023-9'].map(parseDate)).toEqual(['2023-09-01', '2023-09-01', '2023-09-01', '2023-09-01', '2023-09-01', '2023-09-01', '2023-09-01']);
    expect(parseDate('2023-02-30')).toBeNull();
    expect(['4500', '4,500.5', '￥4500.00', '4500元', '4500.123', '-3'].map(parseYuan)).toEqual([450_000, 450_050, 450_000, 450_000, null, null]);
  });
});

describe('the import', () => {
  it('good, bad and duplicate rows: a dry run writes nothing; the run writes the good rows; the report names fields', async () => {
    const file = await sheet(HEAD, [
      ['ZC-001', '台式计算机', '201', '联想 M430', 'SN001', 1, '4500', '2023-09-01', '购置', '在用', '电脑房', '教务处', w.s.users.teacher.username],
      ['ZC-002', '激光打印机', '办公设备', 'HP M305', 'SN002', 1, '1,800.00', new Date('2022-05-10'), '调拨', '闲置', '总务仓库', '总务处', ''],
      ['', '学生课桌椅', '60101', '', '', 55, '320', '2021/8/1', '', '', '三楼/301教室', '', ''],
      ['ZC-004', '', '999', '', '', 0, 'abc', '2023-02-30', '偷来的', '丢了', '火星', '不存在的部门', '无名氏'],
      ['ZC-001', '重复编号的电脑', '201', '', 'SN009', 1, '4500', '2023-09-01', '', '', '', '', ''],
      ['', '投影仪', '208', 'EB-X51', 'PJ-01', 1, '3200', '2020-09-01', '', '', '301教室', '', ''],
      ['', '投影仪', '208', 'EB-X51', 'PJ-01', 1, '3200', '2020-09-01', '', '', '301教室', '', ''],
    ]);
    const { up, job: dry } = await importSheet(w.director, file, true);
    expect(up.rowCount).toBe(7);
    expect(up.headers).toEqual(HEAD);
    expect(dry).toMatchObject({ state: 'checked', dryRun: true, total: 7, processed: 7, created: 4, refused: 3 });
    const count = async () => Number((await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM assets WHERE school_id = ${w.s.schoolId}`))[0].n);
    expect(await count()).toBe(0);
    const bad = dry.rows.find((r: { row: number }) => r.row === 5);
    expect(bad.status).toBe('refused');
    const fields = bad.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'classCode', 'quantity', 'unitPrice', 'acquiredOn', 'acquiredWay', 'status', 'location', 'department', 'custodian']));
    expect(bad.errors.find((e: { field: string }) => e.field === 'classCode').message).toBe('分类代码：资产分类“999”不存在或已停用');
    expect(dry.rows.find((r: { row: number }) => r.row === 6).errors[0].message).toContain('第 2 行');
    expect(dry.rows.find((r: { row: number }) => r.row === 8).errors[0].message).toContain('第 7 行');

    // The same job, confirmed: written for real.
    const done = await run(w.director, up.jobId, up.mapping, false);
    expect(done).toMatchObject({ state: 'done', created: 4, updated: 0, refused: 3 });
    expect(await count()).toBe(4);
    const list = ok(await w.director.get('/api/v1/assets?limit=10')).items;
    const pc = list.find((a: { code: string }) => a.code === 'ZC-001');
    expect(pc).toMatchObject({ name: '台式计算机', serialNo: 'SN001', unitPriceFen: 450_000, acquiredOn: '2023-09-01', custodianId: w.ids.teacher, locationId: w.loc.computerRoom, departmentId: w.dept.academic });
    expect(list.find((a: { code: string }) => a.code === 'ZC-002')).toMatchObject({ classCode: '202', acquiredWay: 'allocation', status: 'idle', acquiredOn: '2022-05-10' });
    const desks = list.find((a: { name: string }) => a.name === '学生课桌椅');
    expect(desks).toMatchObject({ lowValue: true, quantity: 55, originalValueFen: 1_760_000, locationId: w.loc.room301 });
    expect(desks.code).toMatch(/^60101-2021-\d{4}$/);
    expect(done.rows.find((r: { row: number }) => r.row === 4).code).toBe(desks.code);
    const card = ok(await w.director.get(`/api/v1/assets/${pc.id}`));
    expect(card.events[0]).toMatchObject({ kind: 'imported', data: { jobId: up.jobId, row: 2 } });
    // A job is done once.
    expect((await w.director.post(`/api/v1/assets/import/${up.jobId}/run`, { mapping: up.mapping, dryRun: false })).status).toBe(409);
  });

  it('re-import updates by code, reports unchanged rows, and never duplicates a card matched by name + serial number', async () => {
    const file = await sheet(HEAD, [
      ['ZC-001', '台式计算机', '201', '联想 M430', 'SN001', 1, '4500', '2023-09-01', '购置', '维修中', '总务仓库', '教务处', w.s.users.teacher.username],
      ['ZC-002', '激光打印机', '202', 'HP M305', 'SN002', 1, '1800', '2022-05-10', '调拨', '闲置', '总务仓库', '总务处', ''],
      ['', '投影仪', '208', 'EB-X51', 'PJ-01', 1, '3200', '2020-09-01', '', '', '301教室', '', ''],
      ['ZC-010', '新的电脑', '201', '', 'SN010', 1, '5000', '2024-09-01', '', '', '', '', ''],
    ]);
    const { job } = await importSheet(w.storekeeper, file, false);
    expect(job).toMatchObject({ state: 'done', created: 1, updated: 1, unchanged: 1, refused: 1 });
    expect(job.rows.map((r: { status: string }) => r.status)).toEqual(['updated', 'unchanged', 'refused', 'created']);
    expect(job.rows[2].errors[0]).toMatchObject({ field: 'serialNo' });
    expect(job.rows[2].errors[0].message).toMatch(/已登记的资产 208-2020-\d{4}/);
    const pc = ok(await w.director.get('/api/v1/assets?q=ZC-001')).items[0];
    expect(pc).toMatchObject({ status: 'under_repair', locationId: w.loc.store, version: 2 });
    const card = ok(await w.director.get(`/api/v1/assets/${pc.id}`));
    expect(card.events.map((e: { kind: string }) => e.kind)).toEqual(['imported', 'updated', 'transferred']);
    const audit = ok(await w.admin.get('/api/v1/audit?entity=assetImport'));
    expect(audit.items.some((a: { action: string; after: { updated?: { code: string }[] } }) => a.action === 'import' && a.after.updated?.some((u) => u.code === 'ZC-001'))).toBe(true);
  });

  it('asks for the required columns and refuses a column used twice; only managers import', async () => {
    const up = ok(await w.director.upload('/api/v1/assets/import', await sheet(['名称', '备注'], [['电脑', 'x']])), 201);
    const missing = await w.director.post(`/api/v1/assets/import/${up.jobId}/run`, { mapping: up.mapping, dryRun: true });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain('分类代码');
    const twice = await w.director.post(`/api/v1/assets/import/${up.jobId}/run`, { mapping: { name: 0, classCode: 0, unitPrice: 1, acquiredOn: 1 }, dryRun: true });
    expect(twice.status).toBe(400);
    expect((await w.teacher.upload('/api/v1/assets/import', await sheet(['名称'], [['x']]))).status).toBe(403);
    expect((await w.director.upload('/api/v1/assets/import', Buffer.from('not a workbook'))).status).toBe(400);
    const other = await createTestSchool(t.db);
    const { login } = await import('../../test/harness');
    const stranger = await login(t.app, other.users.director.username);
    expect((await stranger.get(`/api/v1/assets/import/${up.jobId}`)).status).toBe(404);
  });

  it('a job left queued (a restart) is picked up by the runner; a claimed job is not processed twice', async () => {
    const up = ok(await w.director.upload('/api/v1/assets/import', await sheet(HEAD, [['ZC-100', '饮水机', '602', '', '', 1, '460', '2024-01-01', '', '', '', '', '']])), 201);
    await t.db.execute(sql`UPDATE asset_import_jobs SET state = 'queued', mapping = ${JSON.stringify(up.mapping)}::jsonb, dry_run = false WHERE school_id = ${w.s.schoolId} AND id = ${up.jobId}`);
    const [a, b] = await Promise.all([processImportJob(t.db, systemClock, w.s.schoolId, up.jobId), processImportJob(t.db, systemClock, w.s.schoolId, up.jobId)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(ok(await w.director.get(`/api/v1/assets/import/${up.jobId}`))).toMatchObject({ state: 'done', created: 1 });
    expect(await runPendingImports(t.db, systemClock, { schoolId: w.s.schoolId })).toBe(0);
  });
});

describe('10,000 rows', () => {
  it('imports 10,000 rows in chunks while the server keeps answering', async () => {
    const s = await assetsWorld(t, await createTestSchool(t.db));
    const rows: (string | number)[][] = [];
    for (let i = 1; i <= 10_000; i++) {
      rows.push([`BIG-${String(i).padStart(5, '0')}`, i % 3 ? '学生计算机' : '课桌椅', i % 3 ? '201' : '60101', 'M430', `SN${i}`, 1, i % 3 ? '4200' : '320', '2022-09-01', '购置', '在用', i % 2 ? '电脑房' : '301教室', '教务处', '']);
    }
    const file = await sheet(HEAD, rows);
    const started = performance.now();
    const up = ok(await s.director.upload('/api/v1/assets/import', file), 201);
    ok(await s.director.post(`/api/v1/assets/import/${up.jobId}/run`, { mapping: up.mapping, dryRun: false }), 202);
    // Other requests are answered while it runs, and progress moves.
    const latencies: number[] = [];
    const progress: number[] = [];
    let job;
    for (;;) {
      const t0 = performance.now();
      ok(await s.director.get('/api/v1/assets?classCode=6&limit=20'));
      latencies.push(performance.now() - t0);
      job = ok(await s.director.get(`/api/v1/assets/import/${up.jobId}`));
      progress.push(job.processed);
      if (['done', 'failed'].includes(job.state)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    expect(job).toMatchObject({ state: 'done', total: 10_000, created: 10_000, refused: 0 });
    expect(new Set(progress).size).toBeGreaterThan(3);
    latencies.sort((a, b) => a - b);
    console.log(`10,000-row import: ${seconds.toFixed(1)} s; other requests p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (${latencies.length})`);
    // Its speed (15 s target) is measured by `npm run bench`, never here.
    const [{ n }] = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM assets WHERE school_id = ${s.s.schoolId}`);
    expect(Number(n)).toBe(10_000);
  }, 400_000);
});
