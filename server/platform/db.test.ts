import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../test/harness';
import { inBackground, pgArray, preparedRows, rowsOf, type Database, type Db } from './db';

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(async () => database.close());

/** One statement text for any number of values: the shape preparedRows is for. */
const probe = (ids: number[], names: (string | null)[], at: Date, tag = 'a') => sql`
  SELECT ${sql.raw(`'${tag}'`)} AS tag, k.id, k.name, ${at.toISOString()}::timestamptz AS at, (${at.toISOString()}::timestamptz)::date AS day,
    jsonb_build_object('n', k.id) AS doc, k.id::bigint * 1000000000 AS big, k.id % 2 = 0 AS even
  FROM unnest(${pgArray(ids)}::int[], ${pgArray(names)}::text[]) k(id, name) ORDER BY k.id`;

const statements = async () => (await rowsOf<{ name: string; statement: string }>(database.db, sql`SELECT name, statement FROM pg_prepared_statements`));

describe('preparedRows', () => {
  it('answers exactly as rowsOf does: text timestamps and dates, json, bigint, booleans, null, quotes and Chinese', async () => {
    const at = new Date('2026-11-02T01:30:00.123Z');
    const names = ['张三', 'O\'Brien "x", {y}', null];
    const plain = await rowsOf(database.db, probe([3, 1, 2], names, at));
    const prepared = await database.db.transaction(async (tx) => preparedRows<Record<string, unknown>>(tx as unknown as Db, probe([3, 1, 2], names, at)));
    expect(prepared).toEqual(plain);
    expect(prepared[0]).toMatchObject({ id: 1, name: 'O\'Brien "x", {y}', doc: { n: 1 }, even: false });
    expect(prepared[2].name).toBe('张三');
    expect(typeof prepared[0].at).toBe('string');
  });

  it('on PGlite, parses a statement once per database and reuses it with other values and other lengths', async () => {
    const at = new Date();
    const before = (await statements()).length;
    for (const n of [1, 5, 40]) {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      const rows = await database.db.transaction(async (tx) => preparedRows<{ id: number }>(tx as unknown as Db, probe(ids, ids.map((i) => `n${i}`), at, 'reuse')));
      expect(rows.map((r) => r.id)).toEqual(ids);
    }
    const after = await statements();
    if (database.kind === 'pglite') {
      expect(after.length).toBe(before + 1);
      expect(after.some((s) => s.name.startsWith('hq_') && s.statement.includes('unnest'))).toBe(true);
    } else {
      // On PostgreSQL it runs as any statement: the pool's connections keep no named statement.
      expect(after.filter((s) => s.name.startsWith('hq_'))).toEqual([]);
    }
  });

  it('outside a transaction runs as any statement, with the same rows', async () => {
    const at = new Date();
    expect(await preparedRows(database.db, probe([2], ['b'], at))).toEqual(await rowsOf(database.db, probe([2], ['b'], at)));
  });

  it('a failing run fails its transaction (rolled back) and leaves the statement usable', async () => {
    await database.db.execute(sql`CREATE TABLE IF NOT EXISTS prepared_probe (id int PRIMARY KEY)`);
    const insert = (ids: number[]) => sql`INSERT INTO prepared_probe (id) SELECT unnest(${pgArray(ids)}::int[]) RETURNING id`;
    await database.db.transaction(async (tx) => { await preparedRows(tx as unknown as Db, insert([1])); });
    await expect(database.db.transaction(async (tx) => {
      await preparedRows(tx as unknown as Db, insert([2]));
      await preparedRows(tx as unknown as Db, insert([1])); // duplicate key
    })).rejects.toMatchObject({ cause: { code: '23505' } });
    expect((await rowsOf<{ id: number }>(database.db, sql`SELECT id FROM prepared_probe ORDER BY id`)).map((r) => r.id)).toEqual([1]);
    const rows = await database.db.transaction(async (tx) => preparedRows<{ id: number }>(tx as unknown as Db, insert([3, 4])));
    expect(rows.map((r) => r.id)).toEqual([3, 4]);
    await database.db.execute(sql`DROP TABLE prepared_probe`);
  });
});

describe('background work gives way to requests', () => {
  /** Whether a callback queued for the next turn of the event loop ran before `work` ended. */
  async function turnCameBetween(work: () => Promise<void>): Promise<boolean> {
    let ended = false;
    let cameBetween = false;
    const running = work().then(() => { ended = true; });
    setImmediate(() => { cameBetween = !ended; });
    await running;
    await new Promise((r) => setImmediate(r));
    return cameBetween;
  }
  const twentyStatements = async (db: Db) => { for (let i = 0; i < 20; i++) await db.execute(sql`SELECT ${i}::int AS i`); };

  it('a request\'s statements run straight through; a job\'s take turns with the event loop, and so do its transactions', async () => {
    if (database.kind === 'pglite') {
      // The premise: PGlite answers through promises alone, so work not in the background holds the thread to its end.
      expect(await turnCameBetween(() => twentyStatements(database.db))).toBe(false);
      // A transaction's statements run straight through, so its lock is held no longer than its work.
      expect(await turnCameBetween(() => database.db.transaction(async (tx) => twentyStatements(tx as unknown as Db)))).toBe(false);
    }
    expect(await turnCameBetween(() => inBackground(() => twentyStatements(database.db)))).toBe(true);
    const twentyTransactions = async () => { for (let i = 0; i < 20; i++) await database.db.transaction(async (tx) => { await tx.execute(sql`SELECT ${i}::int AS i`); }); };
    expect(await turnCameBetween(() => inBackground(twentyTransactions))).toBe(true);
    const rows = await inBackground(() => database.db.transaction(async (tx) => preparedRows<{ n: number }>(tx as unknown as Db, sql`SELECT count(*)::int AS n FROM unnest(${pgArray([1, 2, 3])}::int[])`)));
    expect(rows).toEqual([{ n: 3 }]);
  });

  it('after a background transaction of d ms, the next background step waits about 4d ms more (a fifth of the thread at most)', async () => {
    if (database.kind !== 'pglite') return; // PostgreSQL runs in its own processes: nothing to pace
    const spans: [number, number][] = [];
    await inBackground(async () => {
      for (let i = 0; i < 4; i++) {
        await database.db.transaction(async (tx) => {
          const started = performance.now();
          await tx.execute(sql`SELECT count(*) FROM generate_series(1, 300000)`);
          spans.push([started, performance.now()]);
        });
      }
    });
    for (let i = 1; i < spans.length; i++) {
      const [s0, e0] = spans[i - 1];
      expect(spans[i][0] - e0).toBeGreaterThanOrEqual(0.8 * 4 * (e0 - s0) - 2);
    }
  });
});
