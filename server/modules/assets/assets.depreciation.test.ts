import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/audit';
import { manualClock } from '../../platform/clock';
import { findCjkFont } from '../../platform/pdf';
import { runDueSchedules } from '../../platform/schedules';
import { assetsWorld, ok, computer, type AssetsWorld } from './assets.fixture';
import { registerAsset, setAssetStatus } from './assets.service';
import { accumulatedAt, runDepreciation, storedAccumulated, DEPRECIATION_OWNER, depreciationOccurrence } from './assets.depreciation';

/*
 * Depreciation against hand-computed values. A computer of 7,300.00 元 (730,000 fen), class 201,
 * life 5 years (the school's edited life) = 60 months, entered 2025-11-15:
 *   monthly = round(730000 / 60) = round(12166.67) = 12,167 fen
 *   first month 2025-12 (the month after entry): 12,167; 2026-01: 24,334; 2026-02: 36,501 …
 *   month 59 (2030-10): 59 × 12,167 = 717,853; month 60 (2030-11): the remainder → 730,000; then it stays.
 */

let t: TestApp;
let w: AssetsWorld;
let actor: Actor;
const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  t = await createTestApp();
  w = await assetsWorld(t);
  actor = { schoolId: w.s.schoolId, userId: w.ids.director, name: '总务主任', ip: null, roles: ['director'] };
}, 120_000);
afterAll(async () => t.close());

const tx = <T>(fn: (tx: Db) => Promise<T>) => t.db.transaction((x) => fn(x as unknown as Db));

describe('the formula', () => {
  const pc = { originalValueFen: 730_000, lifeMonths: 60, lowValue: false, enteredOn: '2025-11-15', disposedOn: null };
  it('starts the month after entry and crosses the year boundary', () => {
    expect(accumulatedAt(pc, '2025-11')).toBe(0);
    expect(accumulatedAt(pc, '2025-12')).toBe(12_167);
    expect(accumulatedAt(pc, '2026-01')).toBe(24_334);
    expect(accumulatedAt(pc, '2026-02')).toBe(36_501);
    expect(accumulatedAt(pc, '2026-12')).toBe(13 * 12_167);
  });
  it('ends exactly at the original value: the last month takes the remainder, then nothing more', () => {
    expect(accumulatedAt(pc, '2030-10')).toBe(717_853);
    expect(accumulatedAt(pc, '2030-11')).toBe(730_000);
    expect(accumulatedAt(pc, '2031-06')).toBe(730_000);
    // Rounded up: 100 fen over 3 months is 33.33 → 33, 33, then 34.
    const odd = { originalValueFen: 100, lifeMonths: 3, lowValue: false, enteredOn: '2025-01-31', disposedOn: null };
    expect(['2025-02', '2025-03', '2025-04', '2025-05'].map((m) => accumulatedAt(odd, m))).toEqual([33, 66, 100, 100]);
    // Rounded up (0.75 → 1), monthly × n reaches the original before the last month: capped, never above.
    const up = { originalValueFen: 9, lifeMonths: 12, lowValue: false, enteredOn: '2025-01-01', disposedOn: null };
    expect(['2025-09', '2025-10', '2025-11', '2026-01'].map((m) => accumulatedAt(up, m))).toEqual([8, 9, 9, 9]);
  });
  it('none for low-value items and classes that are not depreciated; stops after the month of disposal', () => {
    expect(accumulatedAt({ ...pc, lowValue: true }, '2026-06')).toBe(0);
    expect(accumulatedAt({ ...pc, lifeMonths: null }, '2026-06')).toBe(0);
    expect(accumulatedAt({ ...pc, disposedOn: '2026-01-20' }, '2026-06')).toBe(24_334);
  });
});

describe('the monthly run', () => {
  let pc: number, land: number, books: number, desks: number, old: number, disposed: number;
  beforeAll(async () => {
    // The school edits the life of computers to 5 years before registering.
    const classes = ok(await w.director.get('/api/v1/assets/classes')).items;
    const c201 = classes.find((c: { code: string }) => c.code === '201');
    ok(await w.director.patch(`/api/v1/assets/classes/${c201.id}`, { lifeYears: 5, version: c201.version }));
    const reg = (body: Record<string, unknown>) => tx((x) => registerAsset(x, actor, body as never, { at: at('2025-11-15T02:00:00Z') })).then((r) => r.id);
    pc = await reg(computer({ unitPriceFen: 730_000, acquiredOn: '2025-11-15' }));
    land = await reg({ name: '校园土地', classCode: '101', unitPriceFen: 50_000_000, acquiredOn: '2009-01-01' });
    books = await reg({ name: '图书', classCode: '5', quantity: 100, unitPriceFen: 3_000, acquiredOn: '2025-01-01', lowValue: false });
    desks = await reg({ name: '课桌椅', classCode: '60101', quantity: 50, unitPriceFen: 30_000, acquiredOn: '2025-09-01' });
    // A projector of 1,200 元 with 5 years on class 208, entered 2019-06: fully depreciated since 2024-06.
    old = await reg({ name: '投影仪', classCode: '208', unitPriceFen: 120_000, acquiredOn: '2019-06-10' });
    disposed = await reg(computer({ unitPriceFen: 600_000, acquiredOn: '2025-10-01' }));
  }, 60_000);

  it('books the hand-computed amounts month by month, across the year boundary; a month runs once', async () => {
    const run = (month: string, now: string) => tx((x) => runDepreciation(x, actor, month, at(now), TZ));
    const nov = await run('2025-11', '2025-12-01T00:00:00Z');
    // Only the computer entered in October depreciates in November: 600,000 / 60 = 10,000.
    expect(nov.byClass['201']).toEqual({ count: 1, amountFen: 10_000 });
    // The old projector catches up in the first run (fully depreciated) and is never booked again.
    expect(nov.byClass['208']).toEqual({ count: 1, amountFen: 120_000 });
    const dec = await run('2025-12', '2026-01-02T00:00:00Z');
    expect(dec.byClass['201']).toEqual({ count: 2, amountFen: 12_167 + 10_000 });
    expect(dec.byClass['208']).toBeUndefined();
    expect(dec.created).toBe(true);
    const again = await run('2025-12', '2026-01-05T00:00:00Z');
    expect(again).toMatchObject({ created: false, amountFen: dec.amountFen, assetCount: dec.assetCount });
    // Disposed in January: depreciated for January, nothing after.
    await tx((x) => setAssetStatus(x, actor, [disposed], 'disposed', { at: at('2026-01-20T03:00:00Z') }));
    const jan = await run('2026-01', '2026-02-01T00:00:00Z');
    expect(jan.byClass['201']).toEqual({ count: 2, amountFen: 12_167 + 10_000 });
    const feb = await run('2026-02', '2026-03-01T00:00:00Z');
    expect(feb.byClass['201']).toEqual({ count: 1, amountFen: 12_167 });
    const acc = await storedAccumulated(t.db, w.s.schoolId, [pc, land, books, desks, old, disposed]);
    expect(acc.get(pc)).toBe(36_501);
    expect(acc.get(disposed)).toBe(30_000);
    expect(acc.get(old)).toBe(120_000);
    for (const id of [land, books, desks]) expect(acc.get(id)).toBe(0);
    const card = ok(await w.director.get(`/api/v1/assets/${pc}`));
    expect(card).toMatchObject({ accumulatedFen: 36_501, netValueFen: 730_000 - 36_501, monthlyFen: 12_167, depreciatedThrough: '2026-02', lifeMonths: 60 });
  });

  it('refuses a month not ended yet and a month before the last one run', async () => {
    await expect(tx((x) => runDepreciation(x, actor, '2026-03', at('2026-03-20T00:00:00Z'), TZ))).rejects.toMatchObject({ code: 'assets.monthNotEnded', status: 409 });
    await expect(tx((x) => runDepreciation(x, actor, '2025-10', at('2026-03-20T00:00:00Z'), TZ))).rejects.toMatchObject({ code: 'assets.laterMonthRun', status: 409 });
  });

  it('the ledger by class reconciles: original − accumulated = net, month by month', async () => {
    const l = ok(await w.accountant.get('/api/v1/assets/ledger?month=2026-01'));
    const row = (code: string) => l.rows.find((r: { classCode: string }) => r.classCode === code);
    // On the register at the end of January: the computer (the disposed one left in January), the projector, the land, the books.
    expect(row('2')).toMatchObject({ count: 2, originalFen: 730_000 + 120_000, accumulatedFen: 24_334 + 120_000, monthFen: 12_167 });
    expect(row('201')).toMatchObject({ count: 1, accumulatedFen: 24_334, netFen: 730_000 - 24_334 });
    expect(row('1')).toMatchObject({ count: 1, originalFen: 50_000_000, accumulatedFen: 0, netFen: 50_000_000 });
    expect(row('5')).toMatchObject({ count: 1, originalFen: 300_000, accumulatedFen: 0 });
    expect(l.lowValue).toMatchObject({ count: 1, quantity: 50, originalFen: 1_500_000 });
    expect(l.totals.originalFen).toBe(730_000 + 120_000 + 50_000_000 + 300_000);
    expect(l.totals.netFen).toBe(l.totals.originalFen - l.totals.accumulatedFen);
    expect(l.run).not.toBeNull();
    const xlsx = await w.accountant.get('/api/v1/assets/ledger/export.xlsx?month=2026-01');
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
    const pdf = await w.accountant.get('/api/v1/assets/ledger/export.pdf?month=2026-01');
    if (findCjkFont()) {
      expect(pdf.status).toBe(200);
      expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    } else expect(pdf.status).toBe(503);
    expect((await w.teacher.get('/api/v1/assets/ledger?month=2026-01')).status).toBe(403);
  });

  it('leaders run it from the ledger page; the accountant and the storekeeper may not', async () => {
    expect((await w.accountant.post('/api/v1/assets/depreciation/run', { month: '2026-03' })).status).toBe(403);
    expect((await w.storekeeper.post('/api/v1/assets/depreciation/run', { month: '2026-03' })).status).toBe(403);
    const bad = await w.director.post('/api/v1/assets/depreciation/run', { month: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toBe('month');
  });

  it('the monthly schedule runs the previous month once, as the system', async () => {
    const clock = manualClock('2026-04-01T02:30:00+08:00');
    // The school got its schedule with its first asset.
    const n = await runDueSchedules(t.db, clock, { [DEPRECIATION_OWNER]: depreciationOccurrence }, { schoolId: w.s.schoolId });
    expect(n).toBe(1);
    const runs = ok(await w.director.get('/api/v1/assets/depreciation/runs')).items;
    expect(runs[0]).toMatchObject({ month: '2026-03', ranByName: null });
    expect(await runDueSchedules(t.db, clock, { [DEPRECIATION_OWNER]: depreciationOccurrence }, { schoolId: w.s.schoolId })).toBe(0);
    // An old asset registered after the runs arrives with the months already run (through 2026-03): 9 × 10,000.
    const late = (await tx((x) => registerAsset(x, actor, computer({ unitPriceFen: 600_000, acquiredOn: '2025-06-01' }) as never))).id;
    expect((await storedAccumulated(t.db, w.s.schoolId, [late])).get(late)).toBe(90_000);
    expect(ok(await w.director.get(`/api/v1/assets/${late}`))).toMatchObject({ accumulatedFen: 90_000, netValueFen: 510_000, depreciatedThrough: '2026-03' });
  });
});
