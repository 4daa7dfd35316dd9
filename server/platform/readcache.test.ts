import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp } from '../test/harness';
import { ReadCache, isCacheNeutral, readCacheOf, cachedJson } from './readcache';

describe('which statements move the generation', () => {
  it('plain reads and session bookkeeping do not; everything else does', () => {
    for (const q of ['select 1', '  SELECT * FROM students WHERE school_id = $1', 'UPDATE sessions SET last_seen_at = now() WHERE id = $1',
      'insert into "login_throttle" (key) values ($1)', 'DELETE FROM sessions WHERE id = $1',
      'WITH o AS (SELECT category, updated_at FROM repair_orders) SELECT category, count(*) FROM o GROUP BY 1']) expect(isCacheNeutral(q), q).toBe(true);
    for (const q of ['insert into "students" ("school_id") values ($1)', 'update "locations" set "name" = $1', 'DELETE FROM user_roles',
      'select * from "locations" where id = 1 for update', 'WITH x AS (DELETE FROM classes RETURNING *) SELECT * FROM x',
      'CREATE INDEX i ON t (a)', 'UPDATE sessions_archive SET x = 1', '', 'select * from t for share', 'with x as (select 1) insert into t select * from x',
      'WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x', 'select 1 for no key update']) expect(isCacheNeutral(q), q).toBe(false);
  });
});

describe('ReadCache', () => {
  it('does not keep an answer computed across a write, and stays within its size', () => {
    const c = new ReadCache(1000, 3);
    const g = c.generation;
    c.invalidate();
    c.set('a', 'old', g);
    expect(c.get('a')).toBeUndefined();
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, k, c.generation);
    expect(c.size).toBe(3);
    expect(c.get('a')).toBeUndefined();
    c.set('big', 'x'.repeat(600), c.generation);
    expect(c.get('big')).toBeUndefined();
  });
});

describe('list pages on PGlite', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => t.close());

  it('serves a repeated page from memory and shows every kind of write at once', async () => {
    if (t.database.kind !== 'pglite') return; // PostgreSQL has no read cache
    const cache = readCacheOf(t.db)!;
    expect(cache).toBeDefined();
    const s = await createTestSchool(t.db);
    const admin = await login(t.app, s.users.admin.username);
    const list = async () => (await admin.get('/api/v1/departments?sort=name&limit=50')).json.items.map((d: { name: string }) => d.name);

    const before = await list();
    expect(await list()).toEqual(before);
    // A page served twice with no write between is the same text from memory.
    const g = cache.generation;
    await list();
    expect(cache.generation).toBe(g);

    // Through the API …
    expect((await admin.post('/api/v1/departments', { name: '缓存测试一处' })).status).toBe(201);
    expect(await list()).toContain('缓存测试一处');
    // … through raw SQL on the same database …
    await t.db.execute(sql`UPDATE departments SET name = '缓存测试二处' WHERE school_id = ${s.schoolId} AND name = '缓存测试一处'`);
    expect(await list()).toContain('缓存测试二处');
    // … and in a transaction.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE departments SET name = '缓存测试三处' WHERE school_id = ${s.schoolId} AND name = '缓存测试二处'`);
    });
    const after = await list();
    expect(after).toContain('缓存测试三处');
    expect(after).not.toContain('缓存测试二处');
  });

  it('keys answers by the readers\' schools: one school never sees another\'s cached page', async () => {
    const a = await createTestSchool(t.db);
    const b = await createTestSchool(t.db);
    const ca = await login(t.app, a.users.admin.username);
    const cb = await login(t.app, b.users.admin.username);
    await ca.post('/api/v1/departments', { name: `${a.code}-只属于甲校` });
    const pa = (await ca.get('/api/v1/departments?limit=50')).json.items.map((d: { name: string }) => d.name);
    const pb = (await cb.get('/api/v1/departments?limit=50')).json.items.map((d: { name: string }) => d.name);
    expect(pa).toContain(`${a.code}-只属于甲校`);
    expect(pb).not.toContain(`${a.code}-只属于甲校`);
  });

  it('computes without storing when there is no cache', async () => {
    let n = 0;
    const fake = {} as never;
    expect(await cachedJson(fake, 'k', async () => ++n, String)).toBe('1');
    expect(await cachedJson(fake, 'k', async () => ++n, String)).toBe('2');
  });
});
