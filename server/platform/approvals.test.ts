import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestSchool, login, uid, type TestApp, type TestSchool, type TestClient, type Reply } from '../test/harness';
import { manualClock } from './clock';
import { rowsOf, type Db } from './db';
import { submitForApproval, approvalStates, pickChain, approvalsSettings, type ApprovalKindDef } from './approvals';
import { updateSettings } from './settings';
import { approvalsTestApp, type HookEvent } from './approvals.testkit';

/* The approval engine through the HTTP app: chains chosen by amount (the school's rules or the
 * kind's defaults), each step decided once by a holder of its role who is neither the applicant nor
 * the decider of another step of the round, collective decisions above the threshold, return and
 * resubmit, reject, and the kind's hooks inside the deciding transaction. */

const clock = manualClock('2026-11-16T01:00:00Z');
const events: HookEvent[] = [];
/** Document ids whose hook throws (to show the decision rolls back with it). */
const failing = new Set<number>();

const KIND = `test.purchase.${uid()}`;
const kind: ApprovalKindDef = {
  kind: KIND,
  labelKey: 'approvals.entity',
  defaultChains: [
    { minAmountFen: 0, steps: ['director', 'vice_principal'] },
    { minAmountFen: 500_000, steps: ['director', 'vice_principal', 'principal'] },
  ],
  link: (id) => `/test-purchases/${id}`,
  ...Object.fromEntries((['onApproved', 'onRejected', 'onReturned'] as const).map((hook) => [hook, async (tx: Db, doc: Parameters<NonNullable<ApprovalKindDef['onApproved']>>[1]) => {
    // What the hook sees of the approval inside the deciding transaction.
    const [row] = await rowsOf<{ state: string }>(tx, sql`SELECT state FROM approvals WHERE school_id = ${doc.schoolId} AND id = ${doc.approvalId}`);
    if (failing.has(doc.documentId)) throw new Error('the document refused');
    events.push({ hook, documentId: doc.documentId, approvalId: doc.approvalId, stateInTx: row.state, actorId: doc.actor.userId, comment: doc.comment });
  }])),
};

let t: TestApp;
let s: TestSchool;
let other: TestSchool;
let sibling: TestSchool;
const c = {} as Record<'storekeeper' | 'director' | 'vice' | 'principal' | 'teacher' | 'admin' | 'inspector' | 'otherDirector', TestClient>;
let nextDoc = 1000;

beforeAll(async () => {
  t = await approvalsTestApp({ kinds: [kind], clock });
  s = await createTestSchool(t.db);
  other = await createTestSchool(t.db);
  sibling = await createTestSchool(t.db, { districtId: s.districtId, bureauId: s.bureauId });
  c.storekeeper = await login(t.app, s.users.storekeeper.username);
  c.director = await login(t.app, s.users.director.username);
  c.vice = await login(t.app, s.users.vice_principal.username);
  c.principal = await login(t.app, s.users.principal.username);
  c.teacher = await login(t.app, s.users.teacher.username);
  c.admin = await login(t.app, s.users.admin.username);
  c.inspector = await login(t.app, s.users.inspector.username);
  c.otherDirector = await login(t.app, other.users.director.username);
});
afterAll(async () => t.close());
beforeEach(() => { events.length = 0; failing.clear(); });

const ok = (r: Reply, status = 200) => { expect(r.status, r.body).toBe(status); return r.json; };
const refused = (r: Reply, status: number, code: string) => { expect(r.status, r.body).toBe(status); expect(r.json.error.code).toBe(code); return r.json; };

async function submit(amountFen: number, opts: { by?: keyof TestSchool['users']; documentId?: number; school?: TestSchool } = {}) {
  const school = opts.school ?? s;
  const by = opts.by ?? 'storekeeper';
  const documentId = opts.documentId ?? nextDoc++;
  clock.advance(60_000);
  const actor = { schoolId: school.schoolId, userId: school.users[by].id, name: by, ip: null, roles: [by] };
  const { approvalId } = await t.db.transaction((tx) => submitForApproval(tx as unknown as Db, actor, {
    kind: KIND, documentId, title: `采购申请 ${documentId}`, amountFen, summary: '办公用品',
  }));
  return { approvalId, documentId };
}
const detail = (who: TestClient, id: number) => who.get(`/api/v1/approvals/${id}`);
const act = (who: TestClient, id: number, action: 'approve' | 'reject' | 'return', body: Record<string, unknown> = {}) => who.post(`/api/v1/approvals/${id}/${action}`, body);
const auditOf = (id: number) => rowsOf<{ action: string; actor_id: number }>(t.db, sql`SELECT action, actor_id FROM audit_log WHERE school_id = ${s.schoolId} AND entity = 'approval' AND entity_id = ${String(id)} ORDER BY seq`);
const notesOf = (userId: number, approvalId: number) => rowsOf<{ kind: string; params: unknown }>(t.db, sql`SELECT kind, params FROM notifications WHERE school_id = ${s.schoolId} AND user_id = ${userId} AND entity = 'approval' AND entity_id = ${approvalId} ORDER BY id`);
const openTasks = (approvalId: number) => rowsOf<{ role: string }>(t.db, sql`SELECT role FROM tasks WHERE school_id = ${s.schoolId} AND entity = 'approval' AND entity_id = ${approvalId} AND state = 'open'`);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function upload(who: TestClient, name: string, data: Buffer): Promise<Reply> {
  const boundary = `----houqin${uid()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`, 'utf8');
  return who.request('POST', '/api/v1/files', Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

describe('chains by amount', () => {
  it('picks the rule with the highest minAmountFen not above the amount', () => {
    const rules = [{ minAmountFen: 500_000, steps: ['b'] }, { minAmountFen: 0, steps: ['a'] }, { minAmountFen: 2_000_000, steps: ['c'] }];
    expect(pickChain(rules, 0)).toEqual(['a']);
    expect(pickChain(rules, 499_999)).toEqual(['a']);
    expect(pickChain(rules, 500_000)).toEqual(['b']);
    expect(pickChain(rules, 1_999_999)).toEqual(['b']);
    expect(pickChain(rules, 5_000_000)).toEqual(['c']);
  });

  it('a small amount: two steps, the hook runs once inside the approving transaction, everyone is told', async () => {
    const { approvalId, documentId } = await submit(300_000);
    const d0 = ok(await detail(c.storekeeper, approvalId));
    expect(d0).toMatchObject({ state: 'pending', round: 1, amountFen: 300_000, currentRole: 'director', collectiveRequired: false, link: `/test-purchases/${documentId}`, applicantId: s.users.storekeeper.id });
    expect(d0.steps.map((x: { role: string }) => x.role)).toEqual(['director', 'vice_principal']);
    expect(d0.can).toEqual({ approve: false, reject: false, return: false, collectiveDecision: false });
    // The first step's role is told and has a task; the applicant is not.
    expect((await notesOf(s.users.director.id, approvalId)).map((n) => n.kind)).toEqual(['approvals.notify.toDecide']);
    expect(await openTasks(approvalId)).toEqual([{ role: 'director' }]);
    const dd = ok(await detail(c.director, approvalId));
    expect(dd.can).toEqual({ approve: true, reject: true, return: true, collectiveDecision: false });

    clock.advance(60_000);
    const d1 = ok(await act(c.director, approvalId, 'approve', { comment: '同意', stepId: dd.currentStepId }));
    expect(d1).toMatchObject({ state: 'pending', currentRole: 'vice_principal' });
    expect(d1.steps[0]).toMatchObject({ decision: 'approved', decidedBy: s.users.director.id, decidedByName: expect.any(String), comment: '同意', decidedAt: clock.now().toISOString() });
    expect(await openTasks(approvalId)).toEqual([{ role: 'vice_principal' }]);
    expect((await notesOf(s.users.vice_principal.id, approvalId)).map((n) => n.kind)).toEqual(['approvals.notify.toDecide']);
    expect(events).toEqual([]);

    const d2 = ok(await act(c.vice, approvalId, 'approve', {}));
    expect(d2).toMatchObject({ state: 'approved', currentRole: null, endedAt: expect.any(String), currentStepId: null });
    expect(events).toEqual([{ hook: 'onApproved', documentId, approvalId, stateInTx: 'approved', actorId: s.users.vice_principal.id, comment: null }]);
    expect(await openTasks(approvalId)).toEqual([]);
    expect((await notesOf(s.users.storekeeper.id, approvalId)).map((n) => n.kind)).toEqual(['approvals.notify.approved']);
    expect((await auditOf(approvalId)).map((a) => a.action)).toEqual(['submit', 'approve', 'approve']);
    // Over: nothing more to decide.
    refused(await act(c.vice, approvalId, 'approve'), 409, 'approvals.notPending');
    expect((await approvalStates(t.db, s.schoolId, KIND, [documentId, 999_999])).get(documentId)).toEqual({ approvalId, state: 'approved', stepRole: null });
  });

  it('a large amount: three steps, and the last needs a recorded collective decision (三重一大)', async () => {
    const { approvalId, documentId } = await submit(2_000_000);
    const d0 = ok(await detail(c.director, approvalId));
    expect(d0.steps.map((x: { role: string }) => x.role)).toEqual(['director', 'vice_principal', 'principal']);
    expect(d0).toMatchObject({ collectiveRequired: true, collectiveMissing: true, collectiveThresholdFen: 1_000_000 });
    ok(await act(c.director, approvalId, 'approve'));
    ok(await act(c.vice, approvalId, 'approve'));
    const dp = ok(await detail(c.principal, approvalId));
    expect(dp.can).toMatchObject({ approve: false, reject: true, return: true, collectiveDecision: true });
    const e = refused(await act(c.principal, approvalId, 'approve', { stepId: dp.currentStepId }), 409, 'approvals.collectiveDecisionRequired');
    expect(e.error.message).toContain('集体决策');
    expect(events).toEqual([]);

    // A teacher (not applicant, not leader) may not record it; the applicant may, with the minutes.
    const bad = await c.storekeeper.post(`/api/v1/approvals/${approvalId}/collective-decision`, { meetingDate: '2099-01-01', attendees: ' ', resolution: '' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['meetingDate', 'attendees', 'resolution']);
    expect(bad.json.error.fields[0].message).toContain('会议日期');
    const file = ok(await upload(c.storekeeper, '会议纪要.pdf', pdf), 201);
    const rec = ok(await c.storekeeper.post(`/api/v1/approvals/${approvalId}/collective-decision`, {
      meetingDate: '2026-11-15', attendees: '张校长、李副校长、王主任、赵会计', resolution: '同意采购，按程序办理', fileIds: [file.id],
    }));
    expect(rec.collectiveMissing).toBe(false);
    expect(rec.collectiveDecisions).toEqual([expect.objectContaining({
      round: 1, meetingDate: '2026-11-15', resolution: '同意采购，按程序办理', recordedBy: s.users.storekeeper.id, version: 1,
      files: [expect.objectContaining({ id: file.id, mime: 'application/pdf' })],
    })]);
    // The minutes are now the record's: anyone who sees the approval can open them.
    expect((await c.principal.get(`/api/v1/files/${file.id}`)).status).toBe(200);

    const done = ok(await act(c.principal, approvalId, 'approve', { stepId: dp.currentStepId, comment: '经校长办公会研究同意' }));
    expect(done.state).toBe('approved');
    expect(events.map((x) => [x.hook, x.documentId, x.stateInTx])).toEqual([['onApproved', documentId, 'approved']]);
    expect((await auditOf(approvalId)).map((a) => a.action)).toEqual(['submit', 'approve', 'approve', 'collectiveDecision', 'approve']);
  });

  it('the threshold is the school\'s setting: above it only, and only for that school', async () => {
    const { approvalId } = await submit(1_000_000);
    expect(ok(await detail(c.director, approvalId)).collectiveRequired).toBe(false);
    const { approvalId: above } = await submit(1_000_001);
    expect(ok(await detail(c.director, above)).collectiveRequired).toBe(true);
    const actor = { schoolId: other.schoolId, userId: other.users.principal.id, name: 'principal', ip: null, roles: ['principal'] };
    await t.db.transaction((tx) => updateSettings(tx as unknown as Db, actor, approvalsSettings, { collectiveThresholdFen: 5_000_000 }));
    const { approvalId: theirs } = await submit(2_000_000, { school: other });
    expect(ok(await c.otherDirector.get(`/api/v1/approvals/${theirs}`))).toMatchObject({ collectiveRequired: false, collectiveThresholdFen: 5_000_000 });
    const { approvalId: ours } = await submit(2_000_000);
    expect(ok(await detail(c.director, ours)).collectiveRequired).toBe(true);
  });

  it('the school edits its chains per kind: validated, versioned, audited, and used by the next submission', async () => {
    const list = ok(await c.principal.get('/api/v1/approvals/rules'));
    const mine = list.items.find((k: { kind: string }) => k.kind === KIND);
    expect(mine).toMatchObject({ custom: false, version: 0, rules: kind.defaultChains });
    // Leaders read; a vice principal does not edit; a teacher does not even read.
    expect((await c.vice.get('/api/v1/approvals/rules')).status).toBe(200);
    expect((await c.teacher.get('/api/v1/approvals/rules')).status).toBe(403);
    expect((await c.vice.request('PUT', `/api/v1/approvals/rules/${KIND}`, { rules: [], version: 0 })).status).toBe(403);

    const bad = await c.principal.request('PUT', `/api/v1/approvals/rules/${KIND}`, { rules: [{ minAmountFen: 100, steps: ['director', 'inspector'] }, { minAmountFen: 100, steps: [] }], version: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['rules', 'rules.0.steps.1', 'rules.1.minAmountFen', 'rules.1.steps']);
    expect(bad.json.error.fields[1].message).toBe('审批步骤：“inspector”不是学校的角色');
    const badEn = await c.principal.request('PUT', `/api/v1/approvals/rules/${KIND}`, { rules: [{ minAmountFen: 0, steps: ['director', 'director'] }], version: 0 }, { 'accept-language': 'en-US' });
    expect(badEn.json.error.fields).toEqual([{ path: 'rules.0.steps.1', message: 'Steps: a role may appear only once in a rule' }]);
    expect((await c.principal.request('PUT', '/api/v1/approvals/rules/no.such.kind', { rules: [{ minAmountFen: 0, steps: ['director'] }], version: 0 })).status).toBe(404);

    const saved = ok(await c.principal.request('PUT', `/api/v1/approvals/rules/${KIND}`, { rules: [{ minAmountFen: 0, steps: ['accountant'] }, { minAmountFen: 100_000, steps: ['accountant', 'principal'] }], version: 0 }));
    expect(saved).toMatchObject({ custom: true, version: 1, rules: [{ minAmountFen: 0, steps: ['accountant'] }, { minAmountFen: 100_000, steps: ['accountant', 'principal'] }] });
    // A stale editor loses: 409.
    refused(await c.admin.request('PUT', `/api/v1/approvals/rules/${KIND}`, { rules: [{ minAmountFen: 0, steps: ['director'] }], version: 0 }), 409, 'conflict');
    const { approvalId } = await submit(50_000);
    expect(ok(await detail(c.principal, approvalId)).steps.map((x: { role: string }) => x.role)).toEqual(['accountant']);
    const { approvalId: big } = await submit(200_000);
    expect(ok(await detail(c.principal, big)).steps.map((x: { role: string }) => x.role)).toEqual(['accountant', 'principal']);
    // Another school still uses the defaults.
    const { approvalId: theirs } = await submit(50_000, { school: other });
    expect(ok(await c.otherDirector.get(`/api/v1/approvals/${theirs}`)).steps.map((x: { role: string }) => x.role)).toEqual(['director', 'vice_principal']);

    const reset = ok(await c.admin.post(`/api/v1/approvals/rules/${KIND}/reset`, { version: 1 }));
    expect(reset).toMatchObject({ custom: false, version: 2, rules: kind.defaultChains });
    const audit = await rowsOf<{ action: string }>(t.db, sql`SELECT action FROM audit_log WHERE school_id = ${s.schoolId} AND entity = 'approval.rules' ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['update', 'reset']);
  });
});

describe('who decides', () => {
  it('nobody approves their own request', async () => {
    const { approvalId } = await submit(100_000, { by: 'director' });
    const d = ok(await detail(c.director, approvalId));
    expect(d.can.approve).toBe(false);
    refused(await act(c.director, approvalId, 'approve'), 403, 'approvals.selfApproval');
    refused(await act(c.director, approvalId, 'reject', { comment: '不批' }), 403, 'approvals.selfApproval');
    // Nor is it in their "to approve" box.
    const todo = ok(await c.director.get(`/api/v1/approvals?box=todo&kind=${KIND}`));
    expect(todo.items.map((x: { id: number }) => x.id)).not.toContain(approvalId);
    expect(ok(await detail(c.director, approvalId)).steps[0].decision).toBeNull();
  });

  it('one person decides only one step of a round', async () => {
    // The director also holds the vice principal's role.
    await t.db.execute(sql`INSERT INTO user_roles (school_id, user_id, role) VALUES (${s.schoolId}, ${s.users.director.id}, 'vice_principal')`);
    const dual = await login(t.app, s.users.director.username);
    try {
      const { approvalId } = await submit(100_000);
      ok(await act(dual, approvalId, 'approve'));
      const d = ok(await detail(dual, approvalId));
      expect(d.currentRole).toBe('vice_principal');
      expect(d.can).toMatchObject({ approve: false, reject: false, return: false });
      refused(await act(dual, approvalId, 'approve'), 403, 'approvals.twoSteps');
      const todo = ok(await dual.get(`/api/v1/approvals?box=todo&kind=${KIND}`));
      expect(todo.items.map((x: { id: number }) => x.id)).not.toContain(approvalId);
      // The real vice principal still can.
      expect(ok(await act(c.vice, approvalId, 'approve')).state).toBe('approved');
    } finally {
      await t.db.execute(sql`DELETE FROM user_roles WHERE school_id = ${s.schoolId} AND user_id = ${s.users.director.id} AND role = 'vice_principal'`);
    }
  });

  it('the current step\'s role is needed (403); others of the school do not see it at all (404)', async () => {
    const { approvalId } = await submit(100_000);
    // The vice principal holds the next step's role: sees it, may not decide the director's step.
    expect(ok(await detail(c.vice, approvalId)).can.approve).toBe(false);
    refused(await act(c.vice, approvalId, 'approve'), 403, 'approvals.roleNotHeld');
    // The principal is a leader: sees everything, decides nothing here.
    refused(await act(c.principal, approvalId, 'approve'), 403, 'approvals.roleNotHeld');
    // A teacher has nothing to do with it.
    refused(await detail(c.teacher, approvalId), 404, 'notFound');
    refused(await act(c.teacher, approvalId, 'approve'), 404, 'notFound');
    // An inspector reads the district's approvals but never decides.
    expect(ok(await detail(c.inspector, approvalId)).can).toEqual({ approve: false, reject: false, return: false, collectiveDecision: false });
    refused(await act(c.inspector, approvalId, 'approve'), 403, 'readOnly');
    expect(ok(await detail(c.director, approvalId)).steps[0].decision).toBeNull();
  });

  it('another school\'s approval is 404 for reading and deciding', async () => {
    const { approvalId } = await submit(100_000);
    refused(await detail(c.otherDirector, approvalId), 404, 'notFound');
    refused(await act(c.otherDirector, approvalId, 'approve'), 404, 'notFound');
    refused(await c.otherDirector.post(`/api/v1/approvals/${approvalId}/collective-decision`, { meetingDate: '2026-11-01', attendees: 'x', resolution: 'y' }), 404, 'notFound');
    const all = ok(await c.otherDirector.get('/api/v1/approvals?box=all'));
    expect(all.items.map((x: { id: number }) => x.id)).not.toContain(approvalId);
    expect(ok(await c.otherDirector.get(`/api/v1/approvals/by-document?kind=${KIND}&documentId=1`)).approval).toBeNull();
    expect(ok(await detail(c.director, approvalId)).steps[0].decision).toBeNull();
  });
});

describe('a step is decided once', () => {
  it('50 concurrent approvals of one step: one decision, 49 × 409', async () => {
    const { approvalId } = await submit(300_000);
    const { currentStepId } = ok(await detail(c.director, approvalId));
    // Five sessions of the director, ten clicks each.
    const sessions = [c.director, ...await Promise.all([1, 2, 3, 4].map(() => login(t.app, s.users.director.username)))];
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => act(sessions[i % 5], approvalId, 'approve', { stepId: currentStepId, comment: `第${i}次` })));
    const statuses = rs.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(49);
    for (const r of rs.filter((x) => x.status === 409)) expect(r.json.error.code).toBe('approvals.alreadyDecided');
    const d = ok(await detail(c.director, approvalId));
    expect(d.steps.filter((x: { decision: string | null }) => x.decision !== null)).toHaveLength(1);
    expect(d).toMatchObject({ state: 'pending', currentRole: 'vice_principal', version: 2 });
    expect((await auditOf(approvalId)).map((a) => a.action)).toEqual(['submit', 'approve']);
    expect((await notesOf(s.users.vice_principal.id, approvalId))).toHaveLength(1);
  });

  it('50 concurrent decisions of the last step: one ends it, the hook runs once', async () => {
    const { approvalId, documentId } = await submit(300_000);
    ok(await act(c.director, approvalId, 'approve'));
    const { currentStepId } = ok(await detail(c.vice, approvalId));
    const sessions = [c.vice, ...await Promise.all([1, 2, 3, 4].map(() => login(t.app, s.users.vice_principal.username)))];
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => act(sessions[i % 5], approvalId, i % 2 ? 'approve' : 'reject', { stepId: currentStepId, comment: '意见' })));
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 409 && r.json.error.code === 'approvals.alreadyDecided')).toHaveLength(49);
    expect(events.filter((x) => x.documentId === documentId)).toHaveLength(1);
    expect((await auditOf(approvalId)).map((a) => a.action)).toHaveLength(3);
  });

  it('a hook that throws rolls the whole decision back', async () => {
    const { approvalId, documentId } = await submit(300_000);
    ok(await act(c.director, approvalId, 'approve'));
    failing.add(documentId);
    const before = ok(await detail(c.vice, approvalId));
    const r = await act(c.vice, approvalId, 'approve', { comment: '同意' });
    expect(r.status).toBe(500);
    const after = ok(await detail(c.vice, approvalId));
    expect(after).toEqual(before);
    expect((await auditOf(approvalId)).map((a) => a.action)).toEqual(['submit', 'approve']);
    expect(await openTasks(approvalId)).toEqual([{ role: 'vice_principal' }]);
    failing.delete(documentId);
    expect(ok(await act(c.vice, approvalId, 'approve')).state).toBe('approved');
    expect(events).toEqual([expect.objectContaining({ hook: 'onApproved', documentId, stateInTx: 'approved' })]);
  });

  it('a second submission of a pending document is refused (409)', async () => {
    const { documentId } = await submit(100_000);
    await expect(submit(100_000, { documentId })).rejects.toMatchObject({ code: 'approvals.alreadyPending', status: 409 });
  });
});

describe('return, resubmit, reject', () => {
  it('return for changes needs a comment (400 naming it, zh and en), ends the round; resubmitting starts round 2 and keeps round 1', async () => {
    const { approvalId, documentId } = await submit(300_000);
    ok(await act(c.director, approvalId, 'approve', { comment: '初审同意' }));
    const zh = await act(c.vice, approvalId, 'return', { comment: '  ' });
    expect(zh.status).toBe(400);
    expect(zh.json.error.fields).toEqual([{ path: 'comment', message: '审批意见：驳回或退回时必须填写审批意见' }]);
    const en = await c.vice.request('POST', `/api/v1/approvals/${approvalId}/return`, {}, { 'accept-language': 'en-US' });
    expect(en.json.error.fields).toEqual([{ path: 'comment', message: 'Comment: a comment is required to reject or return' }]);
    const long = await act(c.vice, approvalId, 'return', { comment: '长'.repeat(501) });
    expect(long.status).toBe(400);
    expect(long.json.error.fields[0].path).toBe('comment');

    const back = ok(await act(c.vice, approvalId, 'return', { comment: '请补充报价单' }));
    expect(back).toMatchObject({ state: 'returned', currentRole: null });
    expect(events).toEqual([expect.objectContaining({ hook: 'onReturned', documentId, stateInTx: 'returned', comment: '请补充报价单' })]);
    const told = await notesOf(s.users.storekeeper.id, approvalId);
    expect(told.map((n) => n.kind)).toEqual(['approvals.notify.returned']);
    expect(told[0].params).toMatchObject({ comment: '请补充报价单' });

    // The applicant changes the document and submits again: a new round on the same approval.
    const again = await submit(280_000, { documentId });
    expect(again.approvalId).toBe(approvalId);
    const d = ok(await detail(c.storekeeper, approvalId));
    expect(d).toMatchObject({ state: 'pending', round: 2, amountFen: 280_000, currentRole: 'director' });
    expect(d.steps.map((x: { round: number; role: string; decision: string | null; comment: string | null }) => [x.round, x.role, x.decision, x.comment])).toEqual([
      [1, 'director', 'approved', '初审同意'], [1, 'vice_principal', 'returned', '请补充报价单'],
      [2, 'director', null, null], [2, 'vice_principal', null, null],
    ]);
    // Round 2: the director decides again (a new round), and it is back in their box.
    const todo = ok(await c.director.get(`/api/v1/approvals?box=todo&kind=${KIND}`));
    expect(todo.items.map((x: { id: number }) => x.id)).toContain(approvalId);
    ok(await act(c.director, approvalId, 'approve'));
    expect(ok(await act(c.vice, approvalId, 'approve')).state).toBe('approved');
    expect((await auditOf(approvalId)).map((a) => a.action)).toEqual(['submit', 'approve', 'return', 'resubmit', 'approve', 'approve']);
  });

  it('reject ends it for good: the hook runs, the applicant is told, it cannot be submitted again', async () => {
    const { approvalId, documentId } = await submit(300_000);
    refused(await act(c.director, approvalId, 'reject'), 400, 'approvals.commentRequired');
    const d = ok(await act(c.director, approvalId, 'reject', { comment: '预算不足' }));
    expect(d).toMatchObject({ state: 'rejected', currentRole: null });
    expect(d.steps.map((x: { decision: string | null }) => x.decision)).toEqual(['rejected', null]);
    expect(events).toEqual([expect.objectContaining({ hook: 'onRejected', documentId, stateInTx: 'rejected', comment: '预算不足' })]);
    expect((await notesOf(s.users.storekeeper.id, approvalId)).map((n) => n.kind)).toEqual(['approvals.notify.rejected']);
    refused(await act(c.vice, approvalId, 'approve'), 409, 'approvals.notPending');
    await expect(submit(300_000, { documentId })).rejects.toMatchObject({ code: 'approvals.closed', status: 409 });
    expect(await openTasks(approvalId)).toEqual([]);
  });
});

describe('the inbox', () => {
  it('todo, done and mine; filters; keyset pages; the document panel', async () => {
    const a = await submit(100_000);
    const b = await submit(100_000);
    const z = await submit(100_000);
    ok(await act(c.director, b.approvalId, 'approve'));
    ok(await act(c.director, z.approvalId, 'reject', { comment: '不需要' }));

    const todo = ok(await c.director.get(`/api/v1/approvals?box=todo&kind=${KIND}&limit=200`));
    const todoIds = todo.items.map((x: { id: number }) => x.id);
    expect(todoIds).toContain(a.approvalId);
    expect(todoIds).not.toContain(b.approvalId);
    expect(todo.items.every((x: { state: string; currentRole: string }) => x.state === 'pending' && x.currentRole === 'director')).toBe(true);

    const done = ok(await c.director.get(`/api/v1/approvals?box=done&kind=${KIND}&limit=2`));
    expect(done.items.map((x: { id: number; myDecision: string }) => [x.id, x.myDecision])).toEqual([[z.approvalId, 'rejected'], [b.approvalId, 'approved']]);
    expect(done.nextCursor).toBeTruthy();
    const rejected = ok(await c.director.get(`/api/v1/approvals?box=done&kind=${KIND}&state=rejected`));
    expect(rejected.items.every((x: { state: string }) => x.state === 'rejected')).toBe(true);

    // Mine, newest first, page by page without gaps or repeats.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number; applicantId: number }[]; nextCursor: string | null } = ok(await c.storekeeper.get(`/api/v1/approvals?box=mine&kind=${KIND}&limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      for (const x of page.items) expect(x.applicantId).toBe(s.users.storekeeper.id);
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual([z.approvalId, b.approvalId, a.approvalId]);
    const total = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM approvals WHERE school_id = ${s.schoolId} AND applicant_id = ${s.users.storekeeper.id} AND kind = ${KIND}`);
    expect(seen.length).toBe(total[0].n);
    refused(await c.storekeeper.get('/api/v1/approvals?box=mine&cursor=garbage'), 400, 'badCursor');

    // A teacher has nothing; the inspector sees the district's (this school's and its sibling's), only to read.
    expect(ok(await c.teacher.get('/api/v1/approvals?box=all')).items).toEqual([]);
    const sib = await submit(100_000, { school: sibling });
    const insp = ok(await c.inspector.get(`/api/v1/approvals?box=all&kind=${KIND}&limit=200`));
    const schoolsSeen = new Set(insp.items.map((x: { schoolId: number }) => x.schoolId));
    expect(schoolsSeen).toEqual(new Set([s.schoolId, sibling.schoolId]));
    expect(insp.items.map((x: { id: number }) => x.id)).toContain(sib.approvalId);
    expect(ok(await c.inspector.get(`/api/v1/approvals?box=todo`)).items).toEqual([]);

    expect(ok(await c.teacher.get('/api/v1/approvals/kinds')).items).toEqual([{ kind: KIND, labelKey: 'approvals.entity' }]);
    const panel = ok(await c.director.get(`/api/v1/approvals/by-document?kind=${KIND}&documentId=${a.documentId}`));
    expect(panel.approval).toMatchObject({ id: a.approvalId, can: { approve: true } });
    expect(ok(await c.teacher.get(`/api/v1/approvals/by-document?kind=${KIND}&documentId=${a.documentId}`)).approval).toBeNull();
  });

  it('every box and filter has its index', async () => {
    const idx = await rowsOf<{ indexname: string }>(t.db, sql`SELECT indexname FROM pg_indexes WHERE tablename = 'approvals'`);
    expect(idx.map((i) => i.indexname)).toEqual(expect.arrayContaining(['approvals_school_state_step_role_idx', 'approvals_school_applicant_idx', 'approvals_school_kind_state_idx', 'approvals_school_submitted_idx']));
  });
});
