import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, type TestApp, type TestSchool } from '../test/harness';
import { verifyChain } from './audit';

let t: TestApp;
let s: TestSchool;
beforeAll(async () => { t = await createTestApp(); s = await createTestSchool(t.db); });
afterAll(async () => t.close());

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

  it('is refused UPDATE and DELETE by the database, and verification finds a tampered row', async () => {
    await expect(t.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE school_id = ${s.schoolId}`)).rejects.toThrow();
    await expect(t.db.execute(sql`DELETE FROM audit_log WHERE school_id = ${s.schoolId}`)).rejects.toThrow();
    // Someone with superuser rights switches the guard off and edits history.
    await t.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await t.db.execute(sql`UPDATE audit_log SET after = '{"name":"篡改"}'::jsonb WHERE school_id = ${s.schoolId} AND seq = 1`);
    await t.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    const report = await verifyChain(t.db, s.schoolId);
    expect(report).toMatchObject({ ok: false, brokenAt: { seq: 1, reason: 'hash' } });
  });
});
