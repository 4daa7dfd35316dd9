import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, shanghaiDate, type TestApp, type TestSchool, type TestClient } from '../test/harness';
import { verifyChain, entryHash, recordAudit, recordAudits } from './audit';
import { rowsOf } from './db';

let t: TestApp;
let s: TestSchool;
beforeAll(async () => { t = await createTestApp(); s = await createTestSchool(t.db); });
afterAll(async () => t.close());

const head = async (schoolId: number) => Number((await rowsOf<{ n: number }>(t.db, sql`SELECT coalesce(max(seq), 0)::int AS n FROM audit_log WHERE school_id = ${schoolId}`))[0].n);

/** Edits history as someone with superuser rights would: the guard is off only inside this transaction. */
async function tamper(statement: ReturnType<typeof sql>) {
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await tx.execute(statement);
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
  });
}

describe('audit log', () => {
  it('records a change with who, what, before and after, in a verifiable chain', async () => {
    const admin = await login(t.app, s.users.admin.username);
    const created = await admin.post('/api/v1/departments', { name: '总务处' });
    expect(created.status).toBe(201);
    const renamed = await admin.patch(`/api/v1/departments/${created.json.id}`, { name: '后勤处' });
    expect(renamed.status).toBe(200);
    const log = await admin.get(`/api/v1/audit?entity=department&entityId=${created.json.id}`);
    expect(log.json.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(log.json.items[0]).toMatchObject({ actorId: s.users.admin.id, before: { name: '总务处' }, after: { name: '后勤处' } });
    expect((await verifyChain(t.db, s.schoolId)).ok).toBe(true);
  });

  it('appends a batch of entries with one head lock, in order, in a chain that verifies', async () => {
    const sc = await createTestSchool(t.db);
    const actor = { schoolId: sc.schoolId, userId: null, name: 'batch', ip: null };
    await t.db.transaction(async (tx) => {
      await recordAudit(tx as never, actor, { entity: 'x', entityId: 1, action: 'one' });
      await recordAudits(tx as never, [1, 2, 3].map((n) => ({ actor, entry: { entity: 'x', entityId: n, action: `batch${n}`, after: { n } } })));
      await recordAudits(tx as never, []);
    });
    const rows = await rowsOf<{ seq: number; action: string }>(t.db, sql`SELECT seq::int AS seq, action FROM audit_log WHERE school_id = ${sc.schoolId} ORDER BY seq`);
    expect(rows).toEqual([{ seq: 1, action: 'one' }, { seq: 2, action: 'batch1' }, { seq: 3, action: 'batch2' }, { seq: 4, action: 'batch3' }]);
    expect(await verifyChain(t.db, sc.schoolId)).toEqual({ schoolId: sc.schoolId, entries: 4, ok: true });
    expect(await head(sc.schoolId)).toBe(4);
  });

  it('appends one batch to several schools\' chains, each in order, with awkward values kept exactly', async () => {
    const a = await createTestSchool(t.db);
    const b = await createTestSchool(t.db);
    const awkward = { quote: 'say "hi"', slash: 'C:\\temp\\x', brace: '{1,2}', comma: 'a,b', nul: null, word: 'NULL', zh: '门卫 张三', nested: { list: [1, 'two', null] } };
    const actorA = { schoolId: a.schoolId, userId: null, name: '张"三\\', ip: null };
    const actorB = { schoolId: b.schoolId, userId: null, name: null, ip: '10.0.0.1' };
    await t.db.transaction(async (tx) => {
      await recordAudit(tx as never, actorB, { entity: 'x', entityId: 'b0', action: 'first' });
      await recordAudits(tx as never, [
        { actor: actorA, entry: { entity: 'x', entityId: 1, action: 'a1', after: awkward } },
        { actor: actorB, entry: { entity: 'x', entityId: 'b1', action: 'b1', before: awkward, after: null } },
        { actor: actorA, entry: { entity: 'x', entityId: 2, action: 'a2' } },
      ]);
    });
    const rows = await rowsOf<{ school_id: number; seq: number; action: string; actor_name: string | null; after: unknown; before: unknown }>(t.db,
      sql`SELECT school_id, seq::int AS seq, action, actor_name, after, before FROM audit_log WHERE school_id IN (${a.schoolId}, ${b.schoolId}) ORDER BY school_id, seq`);
    expect(rows.map((r) => [r.school_id, r.seq, r.action])).toEqual([[a.schoolId, 1, 'a1'], [a.schoolId, 2, 'a2'], [b.schoolId, 1, 'first'], [b.schoolId, 2, 'b1']]);
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(parse(rows[0].after)).toEqual(awkward);
    expect(rows[0].actor_name).toBe('张"三\\');
    expect(parse(rows[3].before)).toEqual(awkward);
    expect(rows[3].after).toBeNull();
    expect(await verifyChain(t.db, a.schoolId)).toEqual({ schoolId: a.schoolId, entries: 2, ok: true });
    expect(await verifyChain(t.db, b.schoolId)).toEqual({ schoolId: b.schoolId, entries: 2, ok: true });
    expect([await head(a.schoolId), await head(b.schoolId)]).toEqual([2, 2]);
  });

  it('is refused UPDATE and DELETE by the database, and verification finds a tampered row', async () => {
    await expect(t.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE school_id = ${s.schoolId}`)).rejects.toThrow();
    await expect(t.db.execute(sql`DELETE FROM audit_log WHERE school_id = ${s.schoolId}`)).rejects.toThrow();
    await expect(t.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    await tamper(sql`UPDATE audit_log SET after = '{"name":"篡改"}'::jsonb WHERE school_id = ${s.schoolId} AND seq = 1`);
    const report = await verifyChain(t.db, s.schoolId);
    expect(report).toMatchObject({ ok: false, brokenAt: { seq: 1, reason: 'hash' } });
  });
});

describe('every change is recorded in the same transaction', () => {
  let sc: TestSchool;
  let admin: TestClient;
  beforeAll(async () => { sc = await createTestSchool(t.db); admin = await login(t.app, sc.users.admin.username); });

  const actions = async (entity: string, id: number) =>
    (await admin.get(`/api/v1/audit?entity=${entity}&entityId=${id}`)).json.items.map((e: { action: string }) => e.action).reverse();

  it('create, update, deactivate, activate, roles, password reset and password change each leave an entry', async () => {
    const loc = await admin.post('/api/v1/locations', { code: 'A-1', name: '仓库', type: 'warehouse' });
    expect(loc.status).toBe(201);
    await admin.patch(`/api/v1/locations/${loc.json.id}`, { name: '总务仓库', version: 1 });
    await admin.post(`/api/v1/locations/${loc.json.id}/deactivate`);
    await admin.post(`/api/v1/locations/${loc.json.id}/activate`);
    expect(await actions('location', loc.json.id)).toEqual(['create', 'update', 'deactivate', 'activate']);
    const history = await admin.get(`/api/v1/locations/${loc.json.id}/history`);
    expect(history.json.items.map((e: { action: string }) => e.action)).toEqual(['activate', 'deactivate', 'update', 'create']);
    expect(history.json.items[1]).toMatchObject({ before: { active: true }, after: { active: false }, actorName: `admin ${sc.code}`, ip: '127.0.0.1' });

    const user = await admin.post('/api/v1/users', { username: `${sc.code}-li`, name: '李工', password: 'first-pass-123', roles: ['repair_worker'] });
    expect(user.status).toBe(201);
    await admin.patch(`/api/v1/users/${user.json.id}`, { roles: ['repair_worker', 'storekeeper'] });
    await admin.post(`/api/v1/users/${user.json.id}/password`, { password: 'second-pass-123' });
    const li = await login(t.app, `${sc.code}-li`, 'second-pass-123');
    expect((await li.post('/api/v1/auth/password', { currentPassword: 'second-pass-123', newPassword: 'third-pass-123' })).status).toBe(204);
    expect(await actions('user', user.json.id)).toEqual(['create', 'roles', 'roles', 'resetPassword', 'changePassword']);
    const entries = (await admin.get(`/api/v1/audit?entity=user&entityId=${user.json.id}`)).json.items;
    // No password or hash ever reaches the log.
    expect(JSON.stringify(entries)).not.toMatch(/pass-123|passwordHash|argon2/);
    expect(entries[0]).toMatchObject({ actorId: user.json.id, action: 'changePassword' });
    expect(entries[1]).toMatchObject({ actorId: sc.users.admin.id, action: 'resetPassword' });

    const school = await admin.patch(`/api/v1/schools/${sc.schoolId}`, { address: '学府路 1 号' });
    expect(school.status).toBe(200);
    expect(await actions('school', sc.schoolId)).toEqual(['update']);
    expect((await verifyChain(t.db, sc.schoolId)).ok).toBe(true);
  });

  it('a write that fails leaves no entry and no row', async () => {
    const before = await head(sc.schoolId);
    // A unique code taken: refused before anything is kept.
    const a = await admin.post('/api/v1/buildings', { campusId: sc.campusId, code: 'JX', name: '教学楼' });
    expect(a.status).toBe(201);
    const afterCreate = await head(sc.schoolId);
    expect(afterCreate).toBe(before + 1);
    expect((await admin.post('/api/v1/buildings', { campusId: sc.campusId, code: 'JX', name: '又一个教学楼' })).status).toBe(409);
    // A username held in another school: the account row and its audit entry were written, then the
    // login directory refused the name — the whole transaction, entry included, is gone.
    const other = await createTestSchool(t.db);
    const clash = await admin.post('/api/v1/users', { username: other.users.teacher.username, name: '撞名', password: 'first-pass-123' });
    expect(clash.status).toBe(409);
    expect(clash.json.error.fields[0].path).toBe('username');
    expect(await rowsOf(t.db, sql`SELECT 1 FROM users WHERE school_id = ${sc.schoolId} AND username = ${other.users.teacher.username}`)).toEqual([]);
    // A refused deactivation (a place with children in use).
    const parent = await admin.post('/api/v1/locations', { code: 'P', name: '上级', type: 'other' });
    await admin.post('/api/v1/locations', { code: 'C', name: '下级', type: 'other', parentId: parent.json.id });
    const mid = await head(sc.schoolId);
    expect((await admin.post(`/api/v1/locations/${parent.json.id}/deactivate`)).status).toBe(409);
    // A stale version.
    expect((await admin.patch(`/api/v1/buildings/${a.json.id}`, { name: '旧版本', version: 7 })).status).toBe(409);
    expect(await head(sc.schoolId)).toBe(mid);
    expect(mid).toBe(afterCreate + 2);
    const report = await verifyChain(t.db, sc.schoolId);
    expect(report).toMatchObject({ ok: true, entries: mid });
  });
});

describe('chain verification', () => {
  it('finds a deleted entry as a gap, and a deleted last entry at the head', async () => {
    const sc = await createTestSchool(t.db);
    const admin = await login(t.app, sc.users.admin.username);
    for (const name of ['甲', '乙', '丙', '丁']) expect((await admin.post('/api/v1/departments', { name })).status).toBe(201);
    expect(await verifyChain(t.db, sc.schoolId)).toEqual({ schoolId: sc.schoolId, entries: 4, ok: true });
    await tamper(sql`DELETE FROM audit_log WHERE school_id = ${sc.schoolId} AND seq = 4`);
    expect(await verifyChain(t.db, sc.schoolId)).toMatchObject({ ok: false, brokenAt: { seq: 4, reason: 'head' } });
    await tamper(sql`DELETE FROM audit_log WHERE school_id = ${sc.schoolId} AND seq = 2`);
    expect(await verifyChain(t.db, sc.schoolId)).toMatchObject({ ok: false, entries: 1, brokenAt: { seq: 2, reason: 'gap' } });
    // The admin's page says the same.
    const page = await admin.get('/api/v1/audit/verify');
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ ok: false, brokenAt: { seq: 2, reason: 'gap' } });
  });

  it('finds an entry re-linked to a forged predecessor', async () => {
    const sc = await createTestSchool(t.db);
    const admin = await login(t.app, sc.users.admin.username);
    for (const name of ['甲', '乙', '丙']) await admin.post('/api/v1/departments', { name });
    await tamper(sql`UPDATE audit_log SET prev_hash = repeat('0', 64) WHERE school_id = ${sc.schoolId} AND seq = 3`);
    expect(await verifyChain(t.db, sc.schoolId)).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'link' } });
  });
});

describe('browsing the log', () => {
  let sc: TestSchool;
  let admin: TestClient;
  let deptIds: number[];
  beforeAll(async () => {
    sc = await createTestSchool(t.db);
    admin = await login(t.app, sc.users.admin.username);
    const director = await login(t.app, sc.users.director.username);
    deptIds = [];
    for (const name of ['一处', '二处', '三处']) deptIds.push((await admin.post('/api/v1/departments', { name })).json.id);
    await director.post('/api/v1/locations', { code: 'D-1', name: '主任建的', type: 'office' });
    await director.patch(`/api/v1/departments/${deptIds[0]}`, { phone: '0851-1234567' });
  });

  it('is newest first, and pages with a cursor without repeats', async () => {
    const all = (await admin.get('/api/v1/audit')).json.items;
    expect(all.length).toBe(5);
    const seqs = all.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(all[0]).toMatchObject({ entity: 'department', action: 'update', actorId: sc.users.director.id });
    const p1 = await admin.get('/api/v1/audit?limit=2');
    const p2 = await admin.get(`/api/v1/audit?limit=2&cursor=${p1.json.nextCursor}`);
    const p3 = await admin.get(`/api/v1/audit?limit=2&cursor=${p2.json.nextCursor}`);
    expect([...p1.json.items, ...p2.json.items, ...p3.json.items].map((e: { seq: number }) => e.seq)).toEqual(seqs);
    expect(p3.json.nextCursor).toBeNull();
    expect((await admin.get('/api/v1/audit?cursor=abc')).status).toBe(400);
  });

  it('filters by record kind, record, person, action, words and date', async () => {
    const ids = (q: string) => admin.get(`/api/v1/audit?${q}`).then((r) => { expect(r.status, r.body).toBe(200); return r.json.items as { entity: string; entityId: string; actorId: number; action: string }[]; });
    expect((await ids('entity=location')).map((e) => e.entity)).toEqual(['location']);
    expect((await ids(`entity=department&entityId=${deptIds[0]}`)).map((e) => e.action)).toEqual(['update', 'create']);
    const byDirector = await ids(`actorId=${sc.users.director.id}`);
    expect(byDirector.length).toBe(2);
    expect(byDirector.every((e) => e.actorId === sc.users.director.id)).toBe(true);
    expect((await ids('action=create')).length).toBe(4);
    expect((await ids('q=主任建的')).map((e) => e.entity)).toEqual(['location']);
    expect((await ids(`from=${shanghaiDate(-1)}&to=${shanghaiDate(1)}`)).length).toBe(5);
    expect(await ids(`from=${shanghaiDate(1)}`)).toEqual([]);
    expect(await ids(`to=${shanghaiDate(-1)}`)).toEqual([]);
    expect((await admin.get('/api/v1/audit?from=yesterday')).status).toBe(400);
  });

  it('a principal reads the log and its verification; other roles do not', async () => {
    const principal = await login(t.app, sc.users.principal.username);
    expect((await principal.get('/api/v1/audit')).json.items.length).toBe(5);
    expect((await principal.get('/api/v1/audit/verify')).json).toEqual({ schoolId: sc.schoolId, entries: 5, ok: true });
    const director = await login(t.app, sc.users.director.username);
    expect((await director.get('/api/v1/audit')).status).toBe(403);
  });
});

describe('verification across many entries', () => {
  it('walks a chain longer than one verification page, and still finds a tampered entry on the second page', async () => {
    const sc = await createTestSchool(t.db);
    // Build 2,100 correctly chained entries in bulk (recordAudit one by one takes seconds on PGlite).
    const at = new Date().toISOString();
    let prev = '';
    const rows = [];
    for (let seq = 1; seq <= 2100; seq++) {
      const e = { schoolId: sc.schoolId, seq, at, actorId: null, actorName: 'system', ip: null, entity: 'test', entityId: String(seq), action: 'create', before: null, after: { seq } };
      const hash = entryHash(prev, e);
      rows.push(sql`(${sc.schoolId}, ${seq}, ${at}, ${'system'}, 'test', ${String(seq)}, 'create', ${JSON.stringify({ seq })}::jsonb, ${prev}, ${hash})`);
      prev = hash;
    }
    for (let i = 0; i < rows.length; i += 500) {
      await t.db.execute(sql`INSERT INTO audit_log (school_id, seq, at, actor_name, entity, entity_id, action, after, prev_hash, hash) VALUES ${sql.join(rows.slice(i, i + 500), sql`, `)}`);
    }
    await t.db.execute(sql`INSERT INTO audit_heads (school_id, seq, hash) VALUES (${sc.schoolId}, 2100, ${prev})`);
    expect(await verifyChain(t.db, sc.schoolId)).toEqual({ schoolId: sc.schoolId, entries: 2100, ok: true });
    // The next real change continues the chain.
    const admin = await login(t.app, sc.users.admin.username);
    expect((await admin.post('/api/v1/departments', { name: '续链处' })).status).toBe(201);
    expect(await verifyChain(t.db, sc.schoolId)).toEqual({ schoolId: sc.schoolId, entries: 2101, ok: true });
    await tamper(sql`UPDATE audit_log SET after = '{"seq":0}'::jsonb WHERE school_id = ${sc.schoolId} AND seq = 2050`);
    expect(await verifyChain(t.db, sc.schoolId)).toMatchObject({ ok: false, entries: 2049, brokenAt: { seq: 2050, reason: 'hash' } });
  });
});
