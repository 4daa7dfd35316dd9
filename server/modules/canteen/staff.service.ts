// Canteen staff, health certificates, morning checks and the day's roster (RULES.md "Canteen").
// Every write: one transaction, its audit entry inside it, conditional updates on `version`.
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, recordAudits, type Actor } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { addDays, localDate } from '../../platform/schedules';
import { notify } from '../../platform/notifications';
import type { Clock } from '../../platform/clock';
import type {
  AssignInput, BulkMorningCheckInput, CanteenStaff, CanteenStaffDetail, CanteenStaffListQuery, CanteenStaffSettings,
  CreateCanteenStaffInput, CreateCertInput, DayChecks, HealthCert, MorningCheck, MorningCheckInput, Roster, StaffCandidate,
  UpdateCanteenStaffInput, UpdateCertInput, UpdateMorningCheckInput,
} from '../../../contracts/canteenStaff';
import { canteenHealthCerts, canteenMorningChecks, canteenRosterAssignments, canteenStaff } from './staff.tables';
import { staffSettingsOf } from './staff.settings';
import { certStateOf, checkOf, dayContext, deadlineOf, foodCodes, isServiceDay, peopleOnDay, reasonsOf, symptomsOf } from './staff.status';

export const ENTITY = {
  staff: 'canteenStaff', cert: 'canteenHealthCert', check: 'canteenMorningCheck', assignment: 'canteenRosterAssignment', stop: 'canteenServiceStop',
} as const;

export const STAFF_LINK = '/canteen/staff';
export const CHECKS_LINK = '/canteen/staff/checks';

type Raw = Record<string, unknown>;
const dayStr = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const jsonList = (v: unknown): string[] => (v == null ? [] : (typeof v === 'string' ? JSON.parse(v) : v) as string[]);

export const badField = (path: string, code: string, params?: Record<string, string | number>) =>
  new AppError(code, 400, { ...(params ? { params } : {}), fields: [{ path, code, ...(params ? { params } : {}) }] });
const notFound = () => new AppError('notFound', 404);
const stale = () => new AppError('conflict', 409);

export async function schoolTz(db: Db, schoolId: number): Promise<string> {
  const [r] = await rowsOf<{ timezone: string }>(db, sql`SELECT timezone FROM schools WHERE id = ${schoolId}`);
  return r?.timezone ?? 'Asia/Shanghai';
}

export async function todayOf(db: Db, schoolId: number, clock: Clock): Promise<string> {
  return localDate(clock.now(), await schoolTz(db, schoolId));
}

/** Active holders of some roles in a school. */
export async function holdersOf(tx: Db, schoolId: number, roles: readonly string[]): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(tx, sql`SELECT DISTINCT u.id FROM user_roles r JOIN users u ON u.school_id = r.school_id AND u.id = r.user_id
    WHERE r.school_id = ${schoolId} AND r.role IN (${sql.join(roles.map((x) => sql`${x}`), sql`, `)}) AND u.active ORDER BY u.id`);
  return rows.map((r) => Number(r.id));
}

function checkPosts(posts: string[], settings: CanteenStaffSettings) {
  const known = new Set(settings.posts.map((p) => p.code));
  const bad = posts.find((p) => !known.has(p));
  if (bad) throw badField('posts', 'canteen.staff.postUnknown', { post: bad });
  return [...new Set(posts)];
}

/* ───────────── Staff list ───────────── */

function staffOf(r: Raw, today: string, alertDays: number): CanteenStaff {
  const validTo = r.valid_to == null ? null : dayStr(r.valid_to);
  return {
    id: Number(r.id), userId: Number(r.user_id), name: String(r.name), post: (r.post as string | null) ?? null, phone: (r.phone as string | null) ?? null,
    posts: jsonList(r.posts), note: (r.note as string | null) ?? null, active: !!r.active,
    cert: r.cert_id == null ? null : { id: Number(r.cert_id), certNo: String(r.cert_no), issuedOn: dayStr(r.cert_issued_on), expiresOn: dayStr(r.cert_expires_on) },
    certState: certStateOf(validTo, r.cert_id != null, today, alertDays),
    version: Number(r.version),
  };
}

const staffSelect = (today: string) => sql`
  SELECT cs.id, cs.user_id, u.name, u.post, u.phone, cs.posts, cs.note, cs.active, cs.version,
    c.id AS cert_id, c.cert_no, c.issued_on::text AS cert_issued_on, c.expires_on::text AS cert_expires_on,
    (SELECT max(expires_on) FROM canteen_health_certs h WHERE h.school_id = cs.school_id AND h.staff_id = cs.id AND h.active AND h.issued_on <= ${today}::date)::text AS valid_to
  FROM canteen_staff cs
  JOIN users u ON u.school_id = cs.school_id AND u.id = cs.user_id
  LEFT JOIN LATERAL (SELECT id, cert_no, issued_on, expires_on FROM canteen_health_certs h
    WHERE h.school_id = cs.school_id AND h.staff_id = cs.id AND h.active ORDER BY expires_on DESC, id DESC LIMIT 1) c ON true`;

function cursorId(cursor: string): number {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && Number.isInteger(v[1])) return v[1] as number;
  } catch { /* fall through */ }
  throw new AppError('badCursor', 400, { fields: [{ path: 'cursor', code: 'badCursor' }] });
}

export async function listStaff(db: Db, schoolId: number, q: CanteenStaffListQuery, clock: Clock): Promise<{ items: CanteenStaff[]; nextCursor: string | null }> {
  const [today, settings] = await Promise.all([todayOf(db, schoolId, clock), staffSettingsOf(db, schoolId)]);
  const ks = keyset({ sort: 'id', defaultSort: 'id', sorts: { id: canteenStaff.id }, id: canteenStaff.id, cursor: q.cursor });
  const conds = [sql`cs.school_id = ${schoolId}`];
  if (q.active !== 'all') conds.push(sql`cs.active = ${q.active === 'true'}`);
  if (q.q) conds.push(sql`u.name ILIKE ${`%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`}`);
  if (ks.where) conds.push(sql`cs.id > ${cursorId(q.cursor!)}`);
  const rows = await rowsOf<Raw>(db, sql`${staffSelect(today)} WHERE ${sql.join(conds, sql` AND `)} ORDER BY cs.id LIMIT ${q.limit}`);
  const items = rows.map((r) => staffOf(r, today, settings.certAlertDays));
  return { items, nextCursor: ks.next(items.map((x) => ({ id: x.id })), q.limit) };
}

export async function getStaff(db: Db, schoolId: number, id: number, clock: Clock): Promise<CanteenStaffDetail> {
  const [today, settings] = await Promise.all([todayOf(db, schoolId, clock), staffSettingsOf(db, schoolId)]);
  const [r] = await rowsOf<Raw>(db, sql`${staffSelect(today)} WHERE cs.school_id = ${schoolId} AND cs.id = ${id}`);
  if (!r) throw notFound();
  const certs = await db.select().from(canteenHealthCerts)
    .where(and(eq(canteenHealthCerts.schoolId, schoolId), eq(canteenHealthCerts.staffId, id), eq(canteenHealthCerts.active, true)))
    .orderBy(sql`${canteenHealthCerts.expiresOn} DESC, ${canteenHealthCerts.id} DESC`);
  const scans = await filesOf(db, schoolId, ENTITY.cert, certs.map((c) => c.id));
  return {
    ...staffOf(r, today, settings.certAlertDays),
    certificates: certs.map((c): HealthCert => ({
      id: c.id, staffId: c.staffId, certNo: c.certNo, issuedOn: c.issuedOn, expiresOn: c.expiresOn, issuer: c.issuer,
      scans: (scans.get(c.id) ?? []).map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, url: f.url, thumbnailUrl: f.thumbnailUrl })),
      version: c.version, createdAt: c.createdAt.toISOString(),
    })),
  };
}

/** People of the school not on the list yet (the canteen department's first). */
export async function staffCandidates(db: Db, schoolId: number, q: string | undefined): Promise<StaffCandidate[]> {
  const like = q ? `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%` : null;
  const rows = await rowsOf<Raw>(db, sql`SELECT u.id, u.name, u.post, d.name AS department FROM users u
    LEFT JOIN departments d ON d.school_id = u.school_id AND d.id = u.department_id
    WHERE u.school_id = ${schoolId} AND u.active ${like ? sql`AND u.name ILIKE ${like}` : sql``}
      AND NOT EXISTS (SELECT 1 FROM canteen_staff cs WHERE cs.school_id = u.school_id AND cs.user_id = u.id)
    ORDER BY (d.name = '食堂') DESC NULLS LAST, u.name, u.id LIMIT 50`);
  return rows.map((r) => ({ userId: Number(r.id), name: String(r.name), post: (r.post as string | null) ?? null, department: (r.department as string | null) ?? null }));
}

export async function createStaff(tx: Db, actor: Actor, input: CreateCanteenStaffInput): Promise<number> {
  const s = actor.schoolId;
  const settings = await staffSettingsOf(tx, s);
  const posts = checkPosts(input.posts, settings);
  const [u] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM users WHERE school_id = ${s} AND id = ${input.userId} AND active`);
  if (!u) throw badField('userId', 'canteen.staff.userUnknown');
  const [row] = await tx.insert(canteenStaff).values({ schoolId: s, userId: input.userId, posts, note: input.note ?? null })
    .onConflictDoNothing().returning({ id: canteenStaff.id });
  if (!row) throw badField('userId', 'canteen.staff.alreadyListed');
  await recordAudit(tx, actor, { entity: ENTITY.staff, entityId: row.id, action: 'create', after: { userId: input.userId, posts, note: input.note ?? null } });
  return row.id;
}

export async function updateStaff(tx: Db, actor: Actor, id: number, input: UpdateCanteenStaffInput): Promise<void> {
  const s = actor.schoolId;
  const [old] = await tx.select().from(canteenStaff).where(and(eq(canteenStaff.schoolId, s), eq(canteenStaff.id, id)));
  if (!old) throw notFound();
  const posts = input.posts ? checkPosts(input.posts, await staffSettingsOf(tx, s)) : old.posts;
  const next = { posts, note: input.note === undefined ? old.note : input.note, active: input.active ?? old.active };
  const [u] = await tx.update(canteenStaff).set({ ...next, version: sql`${canteenStaff.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(canteenStaff.schoolId, s), eq(canteenStaff.id, id), eq(canteenStaff.version, input.version))).returning({ id: canteenStaff.id });
  if (!u) throw stale();
  await recordAudit(tx, actor, { entity: ENTITY.staff, entityId: id, action: 'update', before: { posts: old.posts, note: old.note, active: old.active }, after: next });
}

/* ───────────── Health certificates ───────────── */

export async function addCert(tx: Db, actor: Actor, staffId: number, input: CreateCertInput): Promise<number> {
  const s = actor.schoolId;
  const [st] = await tx.select({ id: canteenStaff.id }).from(canteenStaff).where(and(eq(canteenStaff.schoolId, s), eq(canteenStaff.id, staffId)));
  if (!st) throw notFound();
  const settings = await staffSettingsOf(tx, s);
  const expiresOn = input.expiresOn ?? addDays(input.issuedOn, settings.certValidityDays - 1);
  if (expiresOn < input.issuedOn) throw badField('expiresOn', 'canteen.staff.certDates');
  const [c] = await tx.insert(canteenHealthCerts).values({
    schoolId: s, staffId, certNo: input.certNo, issuedOn: input.issuedOn, expiresOn, issuer: input.issuer ?? null, createdBy: actor.userId,
  }).returning({ id: canteenHealthCerts.id });
  if (input.scanIds?.length) await attachFiles(tx, actor, { entity: ENTITY.cert, entityId: c.id }, input.scanIds, 'scanIds');
  await recordAudit(tx, actor, { entity: ENTITY.cert, entityId: c.id, action: 'create', after: { staffId, certNo: input.certNo, issuedOn: input.issuedOn, expiresOn, issuer: input.issuer ?? null, scans: input.scanIds?.length ?? 0 } });
  return c.id;
}

export async function updateCert(tx: Db, actor: Actor, id: number, input: UpdateCertInput): Promise<number> {
  const s = actor.schoolId;
  const [old] = await tx.select().from(canteenHealthCerts).where(and(eq(canteenHealthCerts.schoolId, s), eq(canteenHealthCerts.id, id), eq(canteenHealthCerts.active, true)));
  if (!old) throw notFound();
  const next = {
    certNo: input.certNo ?? old.certNo, issuedOn: input.issuedOn ?? old.issuedOn, expiresOn: input.expiresOn ?? old.expiresOn,
    issuer: input.issuer === undefined ? old.issuer : input.issuer,
  };
  if (next.expiresOn < next.issuedOn) throw badField('expiresOn', 'canteen.staff.certDates');
  // A new expiry date gets its own alert.
  const alertedAt = next.expiresOn !== old.expiresOn ? null : old.alertedAt;
  const [u] = await tx.update(canteenHealthCerts).set({ ...next, alertedAt, version: sql`${canteenHealthCerts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(canteenHealthCerts.schoolId, s), eq(canteenHealthCerts.id, id), eq(canteenHealthCerts.version, input.version))).returning({ id: canteenHealthCerts.id });
  if (!u) throw stale();
  if (input.scanIds !== undefined) await attachFiles(tx, actor, { entity: ENTITY.cert, entityId: id }, input.scanIds, 'scanIds', { replace: true });
  await recordAudit(tx, actor, {
    entity: ENTITY.cert, entityId: id, action: 'update',
    before: { certNo: old.certNo, issuedOn: old.issuedOn, expiresOn: old.expiresOn, issuer: old.issuer },
    after: { ...next, ...(input.scanIds !== undefined ? { scans: input.scanIds.length } : {}) },
  });
  return old.staffId;
}

/* ───────────── Morning checks 晨检 ───────────── */

async function checkDate(db: Db, schoolId: number, clock: Clock, date: string | undefined): Promise<string> {
  const today = await todayOf(db, schoolId, clock);
  const d = date ?? today;
  if (d > today) throw badField('date', 'canteen.staff.futureDate');
  return d;
}

async function activeStaff(tx: Db, schoolId: number, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM canteen_staff WHERE school_id = ${schoolId} AND active AND id IN (${sql.join(ids.map((x) => sql`${x}::int`), sql`, `)})`);
  return new Set(rows.map((r) => Number(r.id)));
}

function checkValues(input: Omit<MorningCheckInput, 'staffId' | 'date'>, feverCelsius: number) {
  const v = {
    fever: !!input.fever, temperature: input.temperature ?? null, diarrhoea: !!input.diarrhoea, wound: !!input.wound,
    soreThroat: !!input.soreThroat, otherSymptom: input.otherSymptom ?? null,
  };
  const symptoms = symptomsOf(v, feverCelsius);
  return { ...v, fever: v.fever || symptoms.includes('fever'), result: (symptoms.length ? 'fail' : 'pass') as 'pass' | 'fail', symptoms };
}

async function loadCheck(db: Db, schoolId: number, id: number, feverCelsius: number): Promise<MorningCheck> {
  const [r] = await rowsOf<Raw>(db, sql`SELECT mc.*, mc.day::text AS day, u.name AS checker_name FROM canteen_morning_checks mc
    LEFT JOIN users u ON u.school_id = mc.school_id AND u.id = mc.checker_id WHERE mc.school_id = ${schoolId} AND mc.id = ${id}`);
  if (!r) throw notFound();
  return checkOf(r, feverCelsius);
}

/** A failed check: the canteen managers (other than the checker) are told the person is off food posts today. */
async function tellFailed(tx: Db, actor: Actor, staffId: number, day: string, symptoms: string[]) {
  const [p] = await rowsOf<{ name: string }>(tx, sql`SELECT u.name FROM canteen_staff cs JOIN users u ON u.school_id = cs.school_id AND u.id = cs.user_id WHERE cs.school_id = ${actor.schoolId} AND cs.id = ${staffId}`);
  const to = (await holdersOf(tx, actor.schoolId, ['canteen_manager'])).filter((id) => id !== actor.userId);
  await notify(tx, {
    schoolId: actor.schoolId, userIds: to, kind: 'canteen.staff.notify.checkFailed',
    params: { name: p?.name ?? '', date: day, symptoms: symptoms.join(',') }, link: `${CHECKS_LINK}?date=${day}`, entity: ENTITY.staff, entityId: staffId,
  });
}

/**
 * Records a person's check for a day, once: a unique (school, person, day) row inserted with ON CONFLICT
 * DO NOTHING, so a double click or two devices give one row; the second gets 409 `checkExists` (edit it
 * with PATCH and its version instead).
 */
export async function recordCheck(tx: Db, actor: Actor, clock: Clock, input: MorningCheckInput): Promise<number> {
  const s = actor.schoolId;
  const day = await checkDate(tx, s, clock, input.date);
  if (!(await activeStaff(tx, s, [input.staffId])).size) throw badField('staffId', 'canteen.staff.staffUnknown');
  const { feverCelsius } = await staffSettingsOf(tx, s);
  const { symptoms, ...v } = checkValues(input, feverCelsius);
  const now = clock.now();
  const [row] = await tx.insert(canteenMorningChecks).values({ schoolId: s, staffId: input.staffId, day, ...v, checkerId: actor.userId, checkedAt: now, updatedAt: now })
    .onConflictDoNothing().returning({ id: canteenMorningChecks.id });
  if (!row) throw new AppError('canteen.staff.checkExists', 409);
  await recordAudit(tx, actor, { entity: ENTITY.check, entityId: row.id, action: 'create', after: { staffId: input.staffId, day, ...v } });
  if (v.result === 'fail') await tellFailed(tx, actor, input.staffId, day, symptoms);
  return row.id;
}

export async function updateCheck(tx: Db, actor: Actor, clock: Clock, id: number, input: UpdateMorningCheckInput): Promise<void> {
  const s = actor.schoolId;
  const [old] = await tx.select().from(canteenMorningChecks).where(and(eq(canteenMorningChecks.schoolId, s), eq(canteenMorningChecks.id, id)));
  if (!old) throw notFound();
  const { feverCelsius } = await staffSettingsOf(tx, s);
  const { symptoms, ...v } = checkValues(input, feverCelsius);
  const [u] = await tx.update(canteenMorningChecks).set({ ...v, checkerId: actor.userId, version: sql`${canteenMorningChecks.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(canteenMorningChecks.schoolId, s), eq(canteenMorningChecks.id, id), eq(canteenMorningChecks.version, input.version))).returning({ id: canteenMorningChecks.id });
  if (!u) throw stale();
  await recordAudit(tx, actor, {
    entity: ENTITY.check, entityId: id, action: 'update',
    before: { fever: old.fever, temperature: old.temperature, diarrhoea: old.diarrhoea, wound: old.wound, soreThroat: old.soreThroat, otherSymptom: old.otherSymptom, result: old.result },
    after: v,
  });
  if (v.result === 'fail' && old.result !== 'fail') await tellFailed(tx, actor, old.staffId, old.day, symptoms);
}

/** One tap "all normal" for the people given: a passing check for each not yet checked that day (others skipped). */
export async function bulkPass(tx: Db, actor: Actor, clock: Clock, input: BulkMorningCheckInput): Promise<{ created: number; skipped: number }> {
  const s = actor.schoolId;
  const day = await checkDate(tx, s, clock, input.date);
  const ids = [...new Set(input.staffIds)];
  const known = await activeStaff(tx, s, ids);
  const unknown = ids.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw badField(`staffIds.${unknown}`, 'canteen.staff.staffUnknown');
  const now = clock.now();
  const rows = await tx.insert(canteenMorningChecks).values(ids.map((staffId) => ({ schoolId: s, staffId, day, result: 'pass' as const, checkerId: actor.userId, checkedAt: now, updatedAt: now })))
    .onConflictDoNothing().returning({ id: canteenMorningChecks.id, staffId: canteenMorningChecks.staffId });
  await recordAudits(tx, rows.map((r) => ({ actor, entry: { entity: ENTITY.check, entityId: r.id, action: 'create', after: { staffId: r.staffId, day, result: 'pass', bulk: true } } })));
  return { created: rows.length, skipped: ids.length - rows.length };
}

export async function getCheck(db: Db, schoolId: number, id: number): Promise<MorningCheck> {
  const { feverCelsius } = await staffSettingsOf(db, schoolId);
  return loadCheck(db, schoolId, id, feverCelsius);
}

/** The morning-check page: every active person with the day's check (or none). */
export async function dayChecks(db: Db, schoolId: number, date: string): Promise<DayChecks> {
  const ctx = await dayContext(db, schoolId);
  const people = await peopleOnDay(db, schoolId, date, ctx.settings.feverCelsius);
  return {
    date, deadline: ctx.settings.morningCheckDeadline, serviceDay: isServiceDay(ctx.settings, date),
    items: people.map((p) => ({ staffId: p.staffId, name: p.name, posts: p.dayPosts ?? p.standingPosts, check: p.check })),
  };
}

/* ───────────── The day's roster ───────────── */

export async function rosterOf(db: Db, schoolId: number, date: string): Promise<Roster> {
  const ctx = await dayContext(db, schoolId);
  const food = foodCodes(ctx.settings);
  const people = await peopleOnDay(db, schoolId, date, ctx.settings.feverCelsius);
  return {
    date, serviceDay: isServiceDay(ctx.settings, date),
    items: people.map((p) => {
      const reasons = reasonsOf(p, date);
      const posts = p.dayPosts ?? p.standingPosts;
      return {
        staffId: p.staffId, name: p.name, posts, assigned: p.dayPosts !== null, foodPosts: reasons.length ? [] : posts.filter((x) => food.has(x)),
        eligible: reasons.length === 0, reasons, certExpiresOn: p.validTo, check: p.check?.result ?? null,
      };
    }),
  };
}

/**
 * Puts a person on posts for a day. A food post is refused (400 naming the reason) when the person has
 * no certificate valid that day or failed that day's morning check; a check not yet made is allowed
 * (the roster shows them as not yet checked until they pass).
 */
export async function assignPosts(tx: Db, actor: Actor, clock: Clock, input: AssignInput): Promise<void> {
  const s = actor.schoolId;
  const ctx = await dayContext(tx, s);
  const posts = checkPosts(input.posts, ctx.settings);
  const [p] = await peopleOnDay(tx, s, input.date, ctx.settings.feverCelsius, { staffId: input.staffId, includeInactive: true });
  if (!p) throw badField('staffId', 'canteen.staff.staffUnknown');
  const food = foodCodes(ctx.settings);
  const reasons = reasonsOf(p, input.date, { pendingOk: true });
  if (posts.some((x) => food.has(x)) && reasons.length) {
    throw badField('posts', `canteen.staff.offRoster.${reasons[0]}`, { name: p.name, date: input.date, expiresOn: p.validTo ?? '' });
  }
  const now = clock.now();
  await tx.insert(canteenRosterAssignments).values({ schoolId: s, day: input.date, staffId: input.staffId, posts, assignedBy: actor.userId, assignedAt: now })
    .onConflictDoUpdate({ target: [canteenRosterAssignments.schoolId, canteenRosterAssignments.day, canteenRosterAssignments.staffId], set: { posts, assignedBy: actor.userId, assignedAt: now } });
  await recordAudit(tx, actor, { entity: ENTITY.assignment, entityId: input.staffId, action: 'assign', before: { posts: p.dayPosts }, after: { day: input.date, posts } });
}

export { deadlineOf };
