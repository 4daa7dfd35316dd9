import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, createTestSchool, login, uid, type TestApp, type TestClient, type TestSchool, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { userRoles } from '../../platform/platform.tables';
import { tinyPdf } from './records.demo';
import { readXlsx } from '../../platform/excel';
import { orgModule } from '../org';
import { recordsPart } from './records.part';

/*
 * Plans, drills, education, agreements, incidents, the veto and the safety home, through the API,
 * with a controllable clock and a known calendar: 2026 autumn term 1 Sep – 20 Jan, spring term from
 * 24 Feb (February has 5 term days: a holiday month). "Today" starts on Friday 20 November 2026.
 */

const clock = manualClock('2026-11-20T02:00:00Z');
const TERMS = [
  { name: '2026-2027学年第一学期', start: '2026-09-01', end: '2027-01-20' },
  { name: '2026-2027学年第二学期', start: '2027-02-24', end: '2027-07-10' },
];

interface World {
  s: TestSchool;
  admin: TestClient; principal: TestClient; vice: TestClient; director: TestClient; teacher: TestClient; head: TestClient; guard: TestClient; inspector: TestClient;
  classA: number; classB: number; classC: number;
}

let t: TestApp;
let w: World;
let other: World; // same district
let far: World; // another district

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 400)}`).toBe(status);
  return res.json;
}

function upload(c: TestClient, filename: string, data: Buffer, type = 'application/pdf'): Promise<Reply> {
  const boundary = `----houqin${uid()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8');
  return c.request('POST', '/api/v1/files', Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
const pdf = async (c: TestClient, text: string) => ok(await upload(c, `${text}.pdf`, tinyPdf([text])), 201).id as string;

async function world(districtOf?: TestSchool): Promise<World> {
  const s = await createTestSchool(t.db, districtOf ? { districtId: districtOf.districtId, bureauId: districtOf.bureauId } : {});
  // The head teacher account also holds the teacher role (as in schools: a head teacher teaches).
  await t.db.insert(userRoles).values({ schoolId: s.schoolId, userId: s.users.head_teacher.id, role: 'teacher' });
  const [admin, principal, vice, director, teacher, head, guard, inspector] = await Promise.all([
    login(t.app, s.users.admin.username), login(t.app, s.users.principal.username), login(t.app, s.users.vice_principal.username),
    login(t.app, s.users.director.username), login(t.app, s.users.teacher.username), login(t.app, s.users.head_teacher.username),
    login(t.app, s.users.guard.username), login(t.app, s.users.inspector.username),
  ]);
  ok(await admin.patch('/api/v1/settings/calendar', { values: { terms: TERMS } }));
  const cls = async (name: string, headTeacherId: number | null) => ok(await admin.post('/api/v1/classes', { grade: 7, name, headTeacherId }), 201).id as number;
  const classA = await cls('1班', s.users.head_teacher.id);
  const classB = await cls('2班', s.users.teacher.id);
  const classC = await cls('3班', null);
  return { s, admin, principal, vice, director, teacher, head, guard, inspector, classA, classB, classC };
}

const drillBody = (w: World, extra: Record<string, unknown> = {}) => ({
  heldOn: '2026-09-15', scenario: 'fire', organiserId: w.s.users.director.id, participantCount: 320, classIds: [w.classA, w.classB], evacuationSeconds: 105,
  problems: '三楼楼梯口拥堵', review: '总体有序', ...extra,
});

beforeAll(async () => {
  // Org and this part only: the other safety parts' routes are theirs to test.
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'safety', ...recordsPart }] });
  w = await world();
  other = await world(w.s);
  far = await world();
});
afterAll(async () => t.close());

describe('drills', () => {
  it('flags a past school month without a drill, and the current month as due', async () => {
    ok(await w.director.post('/api/v1/safety/drills', drillBody(w)), 201);
    const m = ok(await w.director.get('/api/v1/safety/drills/months'));
    expect(m.term.name).toBe(TERMS[0].name);
    expect(m.months.map((x: { month: string; status: string }) => `${x.month}:${x.status}`)).toEqual([
      '2026-09:done', '2026-10:missing', '2026-11:due', '2026-12:upcoming', '2027-01:upcoming',
    ]);
    expect(m.missing).toBe(1);
    // The spring term: February has 5 term days — a holiday month, nothing expected.
    const spring = ok(await w.director.get('/api/v1/safety/drills/months?month=2027-03'));
    expect(spring.months[0]).toMatchObject({ month: '2027-02', status: 'holiday', termDays: 5 });
    expect(spring.months.slice(1).every((x: { status: string }) => x.status === 'upcoming')).toBe(true);

    // Time passes: on 5 December, November without a drill is missing too.
    clock.set('2026-12-05T02:00:00Z');
    try {
      const later = ok(await w.director.get('/api/v1/safety/drills/months'));
      expect(later.months.filter((x: { status: string }) => x.status === 'missing').map((x: { month: string }) => x.month)).toEqual(['2026-10', '2026-11']);
      const home = ok(await w.director.get('/api/v1/safety/home'));
      expect(home.drills).toMatchObject({ expected: true, doneThisMonth: 0, missingMonths: 2 });
    } finally { clock.set('2026-11-20T02:00:00Z'); }
  });

  it('flags an evacuation slower than 2 minutes, and filters by it', async () => {
    const fast = ok(await w.director.post('/api/v1/safety/drills', drillBody(w, { heldOn: '2026-11-10', evacuationSeconds: 120 })), 201);
    const slow = ok(await w.director.post('/api/v1/safety/drills', drillBody(w, { heldOn: '2026-11-12', scenario: 'earthquake', evacuationSeconds: 121 })), 201);
    expect(fast.slow).toBe(false);
    expect(slow.slow).toBe(true);
    expect(slow.classNames).toEqual(['7年级1班', '7年级2班']);
    const list = ok(await w.director.get('/api/v1/safety/drills?slow=true'));
    expect(list.items.map((d: { id: number }) => d.id)).toEqual([slow.id]);
    const home = ok(await w.guard.get('/api/v1/safety/home?month=2026-11'));
    expect(home.drills).toMatchObject({ expected: true, doneThisMonth: 2, targetSeconds: 120, last: { id: slow.id, evacuationSeconds: 121, slow: true } });
    // The school may set its own target (a taller building): the flag follows it.
    ok(await w.director.patch('/api/v1/settings/safetyRecords', { values: { evacuationTargetSeconds: 150 } }));
    expect(ok(await w.director.get(`/api/v1/safety/drills/${slow.id}`)).slow).toBe(false);
    ok(await w.director.patch('/api/v1/settings/safetyRecords', { values: { evacuationTargetSeconds: 120 } }));
  });

  it('edits carry the version: a stale edit is 409 and changes nothing', async () => {
    const d = ok(await w.director.post('/api/v1/safety/drills', drillBody(w, { heldOn: '2026-11-02' })), 201);
    const a = ok(await w.director.patch(`/api/v1/safety/drills/${d.id}`, { version: d.version, evacuationSeconds: 98 }));
    expect(a).toMatchObject({ evacuationSeconds: 98, version: d.version + 1 });
    const b = await w.vice.patch(`/api/v1/safety/drills/${d.id}`, { version: d.version, evacuationSeconds: 300 });
    expect(b.status).toBe(409);
    expect(ok(await w.director.get(`/api/v1/safety/drills/${d.id}`))).toMatchObject({ evacuationSeconds: 98, history: expect.any(Array) });
  });

  it('refuses bad input with a 400 naming the field, in Chinese and in English', async () => {
    const zh = await w.director.post('/api/v1/safety/drills', drillBody(w, { evacuationSeconds: 0 }), { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(400);
    expect(zh.json.error.fields).toEqual([{ path: 'evacuationSeconds', message: expect.stringMatching(/^疏散用时（秒）：/) }]);
    const en = await w.director.post('/api/v1/safety/drills', drillBody(w, { evacuationSeconds: 0 }), { 'accept-language': 'en-US' });
    expect(en.json.error.fields).toEqual([{ path: 'evacuationSeconds', message: expect.stringMatching(/^Evacuation time \(s\): /) }]);
    const future = await w.director.post('/api/v1/safety/drills', drillBody(w, { heldOn: '2026-11-21' }), { 'accept-language': 'en-US' });
    expect(future.status).toBe(400);
    expect(future.json.error.fields).toEqual([{ path: 'heldOn', message: 'The date cannot be later than today' }]);
    // Another school's class is "missing", named by its place in the list.
    const cls = await w.director.post('/api/v1/safety/drills', drillBody(w, { classIds: [w.classA, other.classA] }));
    expect(cls.status).toBe(400);
    expect(cls.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['classIds.1']);
    const month = await w.director.get('/api/v1/safety/drills/months?month=2026-13');
    expect(month.status).toBe(400);
    expect(month.json.error.fields[0].path).toBe('querystring.month');
  });
});

describe('plans', () => {
  it('keeps every version with its file; the newest is current; approval by a leader', async () => {
    const f1 = await pdf(w.director, 'fire plan v1');
    const p = ok(await w.director.post('/api/v1/safety/plans', {
      kind: 'fire', title: `消防应急预案${uid()}`, note: '初版', fileIds: [f1], approvedById: w.s.users.principal.id, approvedOn: '2026-09-02',
    }), 201);
    expect(p.current).toMatchObject({ number: 1, approvedById: w.s.users.principal.id, approvedOn: '2026-09-02', current: true });
    // Only a principal or vice principal approves.
    const f2 = await pdf(w.director, 'fire plan v2');
    const bad = await w.director.post(`/api/v1/safety/plans/${p.id}/versions`, { note: '修订', fileIds: [f2], version: p.version, approvedById: w.s.users.teacher.id, approvedOn: '2026-11-01' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toBe('approvedById');
    const v2 = ok(await w.director.post(`/api/v1/safety/plans/${p.id}/versions`, { note: '修订疏散路线', fileIds: [f2], version: p.version }), 201);
    expect(v2.versions.map((v: { number: number; current: boolean }) => [v.number, v.current])).toEqual([[2, true], [1, false]]);
    expect(v2.current.approvedById).toBeNull();
    // Someone else's stale "new version" is refused.
    const f3 = await pdf(w.vice, 'fire plan v3');
    expect((await w.vice.post(`/api/v1/safety/plans/${p.id}/versions`, { note: '又一版', fileIds: [f3], version: p.version })).status).toBe(409);
    // The old version's document is still there to download, by anyone of the school, and by the district's inspector.
    const old = v2.versions.find((v: { number: number }) => v.number === 1);
    const file = await w.teacher.get(old.files[0].url);
    expect(file.status).toBe(200);
    expect(file.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await w.inspector.get(old.files[0].url)).status).toBe(200);
    expect((await far.inspector.get(old.files[0].url)).status).toBe(404);
    // The principal approves the current version in the app, once.
    expect((await w.director.post(`/api/v1/safety/plans/${p.id}/approve`, { version: v2.version })).status).toBe(403);
    const approved = ok(await w.principal.post(`/api/v1/safety/plans/${p.id}/approve`, { version: v2.version }));
    expect(approved.current).toMatchObject({ number: 2, approvedById: w.s.users.principal.id, approvedOn: '2026-11-20' });
    expect((await w.vice.post(`/api/v1/safety/plans/${p.id}/approve`, { version: approved.version })).status).toBe(409);
    expect(approved.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['create', 'approve']));
    // A plan needs its document.
    const none = await w.director.post('/api/v1/safety/plans', { kind: 'fire', title: 'x', note: 'x', fileIds: [] });
    expect(none.status).toBe(400);
    expect(none.json.error.fields[0].path).toBe('fileIds');
  });
});

describe('education', () => {
  it('a head teacher records a session for their own class only; a teacher and the director for any', async () => {
    const mine = await w.head.post('/api/v1/safety/education', { kind: 'class_session', heldOn: '2026-11-18', classId: w.classA, topic: '冬季防滑', attendees: 48 });
    expect(ok(mine, 201)).toMatchObject({ classId: w.classA, className: '7年级1班', teacherId: w.s.users.head_teacher.id });
    const notMine = await w.head.post('/api/v1/safety/education', { kind: 'class_session', heldOn: '2026-11-18', classId: w.classB, topic: '冬季防滑' });
    expect(notMine.status).toBe(403);
    expect(notMine.json.error.code).toBe('safety.notYourClass');
    // A head teacher cannot move their record to another class either.
    expect((await w.head.patch(`/api/v1/safety/education/${mine.json.id}`, { version: mine.json.version, classId: w.classB })).status).toBe(403);
    expect((await w.head.post('/api/v1/safety/education', { kind: 'meeting', heldOn: '2026-11-18', topic: '全校安全会' })).status).toBe(403);
    ok(await w.director.post('/api/v1/safety/education', { kind: 'class_session', heldOn: '2026-11-03', classId: w.classB, topic: '用电安全' }), 201);
    // The guard does not record education at all.
    expect((await w.guard.post('/api/v1/safety/education', { kind: 'class_session', heldOn: '2026-11-03', classId: w.classB, topic: 'x' })).status).toBe(403);
    const missingClass = await w.director.post('/api/v1/safety/education', { kind: 'class_session', heldOn: '2026-11-03', topic: 'x' }, { 'accept-language': 'zh-CN' });
    expect(missingClass.status).toBe(400);
    expect(missingClass.json.error.fields).toEqual([{ path: 'classId', message: '班级：班级安全教育请选择班级' }]);
  });

  it('compliance: classes without a session this month, and the term meetings against two', async () => {
    ok(await w.director.post('/api/v1/safety/education', { kind: 'meeting', heldOn: '2026-09-02', topic: '开学安全工作会议', attendees: 60 }), 201);
    ok(await w.director.post('/api/v1/safety/education', { kind: 'meeting', heldOn: '2026-08-20', topic: '暑期会议（不在学期内）' }), 201);
    ok(await w.teacher.post('/api/v1/safety/education', { kind: 'class_session', heldOn: '2026-10-09', classId: w.classC, topic: '防溺水' }), 201);
    const c = ok(await w.head.get('/api/v1/safety/education/compliance'));
    expect(c).toMatchObject({ month: '2026-11', schoolMonth: true, sessionsRequired: 1, meetingsTerm: 1, meetingsRequired: 2 });
    const byClass = Object.fromEntries(c.classes.map((x: { classId: number; sessions: number }) => [x.classId, x.sessions]));
    expect(byClass).toEqual({ [w.classA]: 1, [w.classB]: 1, [w.classC]: 0 });
    expect(c.classesShort).toBe(1);
    const oct = ok(await w.head.get('/api/v1/safety/education/compliance?month=2026-10'));
    expect(oct.classesShort).toBe(2);
    // February (5 term days) expects nothing.
    const feb = ok(await w.head.get('/api/v1/safety/education/compliance?month=2027-02'));
    expect(feb).toMatchObject({ schoolMonth: false, sessionsRequired: 0, classesShort: 0 });
    const home = ok(await w.director.get('/api/v1/safety/home?month=2026-11'));
    expect(home.education).toMatchObject({ schoolMonth: true, classes: 3, classesShort: 1, meetingsTerm: 1, meetingsRequired: 2 });
  });
});

describe('agreements', () => {
  it('lists the posts still unsigned for the year', async () => {
    const gate = ok(await w.director.post('/api/v1/safety/posts', { name: '门卫', holderId: w.s.users.guard.id }), 201);
    const boss = ok(await w.director.post('/api/v1/safety/posts', { name: '校长', holderId: w.s.users.principal.id }), 201);
    expect((await w.director.post('/api/v1/safety/posts', { name: '门卫' })).status).toBe(409);
    const made = ok(await w.director.post('/api/v1/safety/posts/from-classes'));
    expect(made.created).toBe(3);
    expect(ok(await w.director.post('/api/v1/safety/posts/from-classes')).created).toBe(0);
    const scan = await pdf(w.director, 'agreement');
    const signed = ok(await w.director.post('/api/v1/safety/agreements', { postId: boss.id, year: 2026, signerId: w.s.users.principal.id, signedOn: '2026-09-01', scanIds: [scan] }), 201);
    expect(signed.agreement).toMatchObject({ year: 2026, signerId: w.s.users.principal.id, signedOn: '2026-09-01', scans: [expect.objectContaining({ id: scan })] });
    const twice = await w.director.post('/api/v1/safety/agreements', { postId: boss.id, year: 2026, signerId: w.s.users.principal.id, signedOn: '2026-09-02' });
    expect(twice.status).toBe(409);
    ok(await w.director.post('/api/v1/safety/agreements', { postId: gate.id, year: 2025, signerId: w.s.users.guard.id, signedOn: '2025-09-01' }), 201);

    const y = ok(await w.director.get('/api/v1/safety/agreements?year=2026&signed=false'));
    expect(y).toMatchObject({ year: 2026, posts: 5, signed: 1, unsigned: 4 });
    expect(y.items.map((x: { post: { name: string } }) => x.post.name).sort()).toEqual(['班主任（7年级1班）', '班主任（7年级2班）', '班主任（7年级3班）', '门卫'].sort());
    const head = y.items.find((x: { post: { classId: number | null } }) => x.post.classId === w.classA);
    expect(head.post.holderId).toBe(w.s.users.head_teacher.id);
    // A post taken out of use no longer counts.
    ok(await w.director.patch(`/api/v1/safety/posts/${gate.id}`, { active: false, version: gate.version }));
    expect(ok(await w.director.get('/api/v1/safety/agreements?year=2026')).unsigned).toBe(3);
    expect(ok(await w.director.get('/api/v1/safety/home?month=2026-11')).agreements).toEqual({ year: 2026, posts: 4, unsigned: 3 });
    // Teachers neither read nor write agreements; the inspector reads, never writes.
    expect((await w.teacher.get('/api/v1/safety/agreements')).status).toBe(403);
    expect((await w.inspector.get('/api/v1/safety/agreements')).status).toBe(400); // which school?
    expect(ok(await w.inspector.get(`/api/v1/safety/agreements?year=2026&schoolId=${w.s.schoolId}`)).signed).toBe(1);
    expect((await w.inspector.post('/api/v1/safety/agreements', { postId: boss.id, year: 2027, signerId: w.s.users.principal.id, signedOn: '2026-11-01' })).status).toBe(403);
  });
});

describe('incidents and the veto', () => {
  const incident = (extra: Record<string, unknown> = {}) => ({
    title: '学生摔倒擦伤', occurredAt: '2026-11-18T02:10:00Z', place: '操场', description: '课间追逐摔倒', people: '七年级学生一名', severity: 'minor', ...extra,
  });

  it('anyone on staff reports and sees their own; leaders see all and are told; only leaders mark an accident', async () => {
    const mine = ok(await w.guard.post('/api/v1/safety/incidents', incident()), 201);
    ok(await w.teacher.post('/api/v1/safety/incidents', incident({ title: '教室玻璃破裂' })), 201);
    expect(ok(await w.guard.get('/api/v1/safety/incidents')).items.map((i: { id: number }) => i.id)).toEqual([mine.id]);
    expect((await w.teacher.get(`/api/v1/safety/incidents/${mine.id}`)).status).toBe(404);
    expect(ok(await w.director.get('/api/v1/safety/incidents')).items.length).toBeGreaterThanOrEqual(2);
    const bell = ok(await w.principal.get('/api/v1/notifications'));
    expect(bell.items.some((n: { kind: string; entityId: number }) => n.kind === 'safety.notify.incident' && n.entityId === mine.id)).toBe(true);
    expect((await w.teacher.post('/api/v1/safety/incidents', incident({ safetyAccident: true }))).status).toBe(403);
    expect((await w.guard.patch(`/api/v1/safety/incidents/${mine.id}`, { version: mine.version, followUp: 'x' })).status).toBe(403);
    const where = await w.guard.post('/api/v1/safety/incidents', incident({ place: null }), { 'accept-language': 'en-US' });
    expect(where.status).toBe(400);
    expect(where.json.error.fields[0].path).toBe('place');
    const future = await w.guard.post('/api/v1/safety/incidents', incident({ occurredAt: '2026-11-20T03:00:00Z' }));
    expect(future.status).toBe(400);
  });

  it('a safety accident vetoes the school for that year only', async () => {
    expect(ok(await w.director.get('/api/v1/safety/veto?year=2026')).vetoed).toBe(false);
    // Happened at 00:30 on 1 January 2026 in Shanghai (still 2025 in UTC): the year is the school's.
    const acc = ok(await w.principal.post('/api/v1/safety/incidents', incident({ title: '食堂燃气泄漏致人受伤', occurredAt: '2025-12-31T16:30:00Z', severity: 'serious', safetyAccident: true })), 201);
    expect(acc.year).toBe(2026);
    const veto = ok(await w.director.get('/api/v1/safety/veto?year=2026'));
    expect(veto).toMatchObject({ schoolId: w.s.schoolId, year: 2026, vetoed: true, accidents: [{ id: acc.id, severity: 'serious' }] });
    expect(ok(await w.director.get('/api/v1/safety/veto?year=2025')).vetoed).toBe(false);
    expect(ok(await w.director.get('/api/v1/safety/veto?year=2027')).vetoed).toBe(false);
    expect(ok(await other.director.get('/api/v1/safety/veto?year=2026')).vetoed).toBe(false);
    expect(ok(await w.director.get('/api/v1/safety/home?month=2026-11'))).toMatchObject({ veto: true, incidents: { accidentsYear: 1 } });
    // An incident later found to be an accident is marked by a leader (audited); unmarking lifts the veto.
    const minor = ok(await other.teacher.post('/api/v1/safety/incidents', incident()), 201);
    const marked = ok(await other.vice.patch(`/api/v1/safety/incidents/${minor.id}`, { version: minor.version, safetyAccident: true, severity: 'moderate' }));
    expect(marked.history[0].action).toBe('markAccident');
    expect(ok(await other.director.get('/api/v1/safety/veto?year=2026')).vetoed).toBe(true);
    ok(await other.vice.patch(`/api/v1/safety/incidents/${minor.id}`, { version: marked.version, safetyAccident: false }));
    expect(ok(await other.director.get('/api/v1/safety/veto?year=2026')).vetoed).toBe(false);
  });

  it('the inspector reads the district, read-only, and nothing of another district', async () => {
    const view = ok(await w.inspector.get('/api/v1/safety/district?year=2026'));
    const ids = view.items.map((x: { schoolId: number }) => x.schoolId);
    expect(ids.sort()).toEqual([w.s.schoolId, other.s.schoolId].sort());
    const mine = view.items.find((x: { schoolId: number }) => x.schoolId === w.s.schoolId);
    expect(mine).toMatchObject({ vetoed: true, accidents: 1 });
    expect(mine.incidents).toBeGreaterThanOrEqual(3);
    expect(mine.bySeverity.serious).toBe(1);
    expect(mine.drills).toBeGreaterThanOrEqual(4);
    expect(view.items[0].schoolId).toBe(w.s.schoolId); // vetoed schools first
    expect(ok(await far.inspector.get('/api/v1/safety/district?year=2026')).items.map((x: { schoolId: number }) => x.schoolId)).toEqual([far.s.schoolId]);
    // Lists of the district; one school of it; another district's school is not found.
    const all = ok(await w.inspector.get('/api/v1/safety/incidents?year=2026'));
    expect(new Set(all.items.map((i: { schoolId: number }) => i.schoolId))).toEqual(new Set([w.s.schoolId, other.s.schoolId]));
    expect((await w.inspector.get(`/api/v1/safety/incidents?schoolId=${far.s.schoolId}`)).status).toBe(404);
    expect(ok(await w.inspector.get(`/api/v1/safety/veto?year=2026&schoolId=${w.s.schoolId}`)).vetoed).toBe(true);
    expect((await w.inspector.get(`/api/v1/safety/veto?year=2026&schoolId=${far.s.schoolId}`)).status).toBe(404);
    expect(ok(await w.inspector.get(`/api/v1/safety/home?schoolId=${other.s.schoolId}`)).schoolId).toBe(other.s.schoolId);
    // Read-only: every write is refused.
    for (const [url, body] of [
      ['/api/v1/safety/incidents', incident()], ['/api/v1/safety/drills', drillBody(w)], ['/api/v1/safety/posts', { name: '督导岗' }],
      ['/api/v1/safety/education', { kind: 'meeting', heldOn: '2026-11-01', topic: 'x' }],
    ] as const) {
      const res = await w.inspector.post(url, body);
      expect(res.status, url).toBe(403);
      expect(res.json.error.code).toBe('readOnly');
    }
    // Schools' staff do not see the district page.
    expect((await w.principal.get('/api/v1/safety/district')).status).toBe(403);
  });

  it('another school\'s records are not found', async () => {
    const d = ok(await other.director.post('/api/v1/safety/drills', drillBody(other, { heldOn: '2026-11-05' })), 201);
    const i = ok(await other.director.post('/api/v1/safety/incidents', incident()), 201);
    expect((await w.director.get(`/api/v1/safety/drills/${d.id}`)).status).toBe(404);
    expect((await w.director.patch(`/api/v1/safety/drills/${d.id}`, { version: d.version, evacuationSeconds: 80 })).status).toBe(404);
    expect((await w.director.get(`/api/v1/safety/incidents/${i.id}`)).status).toBe(404);
    expect((await w.director.patch(`/api/v1/safety/incidents/${i.id}`, { version: i.version, followUp: 'x' })).status).toBe(404);
    expect((await w.director.get(`/api/v1/safety/home?schoolId=${other.s.schoolId}`)).status).toBe(404);
    expect(ok(await w.director.get('/api/v1/safety/drills')).items.every((x: { schoolId: number }) => x.schoolId === w.s.schoolId)).toBe(true);
  });

  it('exports the lists as .xlsx with their filters, in the reader\'s language', async () => {
    const drills = await w.director.get('/api/v1/safety/drills/export.xlsx?slow=true', { 'accept-language': 'zh-CN' });
    expect(drills.status).toBe(200);
    const sheet = await readXlsx(drills.raw, 1000);
    expect(sheet.headers).toContain('疏散用时（秒）');
    expect(sheet.rows.length).toBeGreaterThan(0);
    expect(sheet.rows.every((r) => Number(r.cells['疏散用时（秒）']) > 120)).toBe(true);
    const incidents = await readXlsx((await w.director.get('/api/v1/safety/incidents/export.xlsx?accident=true', { 'accept-language': 'en-US' })).raw, 1000);
    expect(incidents.rows.map((r) => r.cells['Incident'])).toEqual(['食堂燃气泄漏致人受伤']);
    expect(incidents.rows[0].cells['When']).toBe('2026-01-01 00:30');
    const agreements = await readXlsx((await w.director.get('/api/v1/safety/agreements/export.xlsx?year=2026')).raw, 1000);
    expect(agreements.rows.length).toBe(4);
    // The guard exports only what the guard sees: their own reports.
    const mine = await readXlsx((await w.guard.get('/api/v1/safety/incidents/export.xlsx')).raw, 1000);
    expect(mine.rows.map((r) => r.cells['事件'])).toEqual(['学生摔倒擦伤']);
  });
});
